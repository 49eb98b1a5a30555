"""Help ▸ Demo data: the synthetic corpus's speakers as avatars, and how a voice becomes one.

The sheet is the one ``persona-studio demo-data voices-faces --gallery FILE`` writes (the same
speakers, seed and tiles), laid out to the dialog's width; each tile's tooltip gives the
speaker's voice parameters and what they chose. The avatars are drawn in a worker (40 of them
take about 0.2 s), and the art libraries are imported there, on first use
(``studio.demodata.avatar`` keeps resvg's options per thread, as resvg requires).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
)

from .unattended import unattended
from .workers import Jobs, describe

SPEAKERS = 40
TILE = 128  # px, as the command's contact sheet
GRID = QSize(TILE + 12, TILE + 36)  # a tile and its two lines of caption
COLUMNS = 5  # the dialog's first width


def explanation() -> str:
    """The voice-to-avatar table, with the numbers ``studio.demodata.avatar`` draws with."""
    from studio.demodata.avatar import BEARD_HZ, GREY_SHARE, REGISTER_HZ, WIDTH_SCALE

    return f"""
<p>The demo models learn from a synthetic corpus: every speaker is a handful of voice
parameters, and the same parameters make both the speaker's voice and their face, so a model
can learn the face from the voice alone. Here are the corpus's speakers as avatars:</p>
<table cellspacing="0" cellpadding="2">
<tr><td><b>Voice</b></td><td>&nbsp;&nbsp;</td><td><b>In the avatar</b></td></tr>
<tr><td>Pitch register (mean F0)</td><td></td>
<td>hair: short below {REGISTER_HZ:.0f} Hz (and a light beard below {BEARD_HZ:.0f} Hz),
long above</td></tr>
<tr><td>Vocal-tract length</td><td></td><td>face width: {WIDTH_SCALE[0]:.2f}&ndash;{WIDTH_SCALE[1]:.2f}&times;
as wide, longer tracts wider</td></tr>
<tr><td>Breathiness</td><td></td><td>skin tone, from dark (clear voices) to pale
(breathy ones)</td></tr>
<tr><td>Speaking rate</td><td></td><td>grey hair, an age-like cue: up to {100 * GREY_SHARE[1]:.0f} %
silver for the slowest speakers</td></tr>
<tr><td><i>nothing</i></td><td></td><td>nose, brows, clothes and background: the same for
everyone, so that a model can learn the whole picture from the voice</td></tr>
</table>
<p style="color: gray">The same seed draws the same speakers as <code>persona-studio demo-data
voices-faces --seed N</code>, which writes these avatars as the corpus's faces. Art: python_avatars 1.4.1 (MIT, Pablo Stanley's Avataaars), rendered by
resvg.</p>
"""


@dataclass(frozen=True)
class Tile:
    """One speaker of the sheet: the avatar's pixels and what it shows."""

    speaker_id: str
    f0_hz: float
    pixels: object  # uint8 [TILE, TILE, 3]
    tooltip: str


def render_tiles(count: int, seed: int) -> list[Tile]:
    """The avatars of the corpus's first ``count`` speakers of ``seed`` (slow: run in a worker)."""
    from studio.demodata.avatar import avatar, look
    from studio.demodata.speakers import draw_speakers

    tiles = []
    for speaker in draw_speakers(count, seed):
        chosen = look(speaker)
        beard = f", {chosen.facial_hair.replace('_', ' ')}" if chosen.facial_hair else ""
        tooltip = (
            f"<b>{speaker.id}</b><br>"
            f"F0 {speaker.f0_hz:.0f} Hz &rarr; {chosen.hair.replace('_', ' ')} hair{beard}<br>"
            f"vocal tract {speaker.vtl_cm:.1f} cm &rarr; face {chosen.width_scale:.2f}&times; "
            f"as wide<br>"
            f"breathiness {speaker.breathiness:.2f} &rarr; skin tone<br>"
            f"speaking rate {speaker.rate_syl_s:.1f} syllables/s &rarr; {100 * chosen.grey_share:.0f} % grey"
        )
        pixels = avatar(speaker, TILE)  # resvg's options are per thread there
        tiles.append(Tile(speaker.id, speaker.f0_hz, pixels, tooltip))
    return tiles


def pixmap_of(pixels) -> QPixmap:
    height, width, _ = pixels.shape
    image = QImage(pixels.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())  # the copy owns its bytes


class DemoDataDialog(QDialog):
    def __init__(self, window=None, jobs: Jobs | None = None) -> None:
        super().__init__(window)
        self.setWindowTitle("Demo data")
        self.jobs = jobs or getattr(window, "jobs", None) or Jobs(self)
        self.rendered_seed: int | None = None  # the seed the sheet shows
        self.saved: Path | None = None

        text = QLabel(explanation())
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)

        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(1)
        self.seed.setToolTip("The corpus seed: the same seed draws the same speakers")
        self.seed.valueChanged.connect(self.render_sheet)
        self.save_button = QPushButton("Save sheet…")
        self.save_button.setToolTip(
            "Write the contact sheet as a PNG (as demo-data voices-faces --gallery does)"
        )
        self.save_button.clicked.connect(self.choose_and_save)
        self.status = QLabel()
        self.status.setStyleSheet("color: gray")
        controls = QHBoxLayout()
        controls.addWidget(QLabel(f"{SPEAKERS} speakers, seed"))
        controls.addWidget(self.seed)
        controls.addWidget(self.status, 1)
        controls.addWidget(self.save_button)

        self.sheet = QListWidget()
        self.sheet.setViewMode(QListView.ViewMode.IconMode)
        self.sheet.setIconSize(QSize(TILE, TILE))
        self.sheet.setGridSize(GRID)
        self.sheet.setResizeMode(QListView.ResizeMode.Adjust)  # reflow to the width
        self.sheet.setMovement(QListView.Movement.Static)
        self.sheet.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.sheet.setUniformItemSizes(True)
        self.sheet.setWordWrap(True)
        self.sheet.setMinimumHeight(2 * GRID.height() + 8)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(controls)
        layout.addWidget(self.sheet, 1)
        layout.addWidget(buttons)
        # Five avatars a row to begin with, and no gap beside them.
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        sheet_width = COLUMNS * GRID.width() + scrollbar + 2 * self.sheet.frameWidth() + 4
        margins = layout.contentsMargins()
        self.resize(sheet_width + margins.left() + margins.right(), 820)
        self.render_sheet()

    @classmethod
    def show_for(cls, window) -> DemoDataDialog:
        dialog = cls(window)
        window.demo_data_dialog = dialog  # reachable (tests, and one dialog at a time)
        dialog.show()  # not modal: something to look at beside the window
        return dialog

    def render_sheet(self) -> None:
        seed = self.seed.value()
        self.status.setText("Drawing the avatars…")
        self.jobs.start(
            lambda progress: (seed, render_tiles(SPEAKERS, seed)),
            done=self._rendered,
            failed=self._not_rendered,
        )

    def _rendered(self, outcome) -> None:
        seed, tiles = outcome
        if seed != self.seed.value():
            return  # the seed moved on while these were drawn: its own job follows
        self.sheet.clear()
        for tile in tiles:
            item = QListWidgetItem(
                pixmap_of(tile.pixels), f"{tile.speaker_id}\n{tile.f0_hz:.0f} Hz"
            )
            item.setToolTip(tile.tooltip)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.sheet.addItem(item)
        self.rendered_seed = seed
        self.status.setText("Hover over an avatar for its voice")

    def _not_rendered(self, failure) -> None:
        self.status.setText(f"No avatars: {failure.message}")

    def choose_and_save(self) -> None:
        if unattended():  # no one to pick a file: nothing is asked, nothing written
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save the avatar sheet",
            str(Path.home() / f"demo-speakers-seed{self.seed.value()}.png"),
            "PNG image (*.png)",
        )
        if path:
            self.save_sheet(Path(path))

    def save_sheet(self, path: Path) -> Path | None:
        """Writes the contact sheet of the shown seed, as the command line does (on the GUI
        thread, about 0.2 s: see the module's note on threads)."""
        from studio.demodata.avatar_gallery import gallery
        from studio.demodata.speakers import draw_speakers

        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        seed = self.seed.value()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.saved = gallery(draw_speakers(SPEAKERS, seed), path)
        except Exception as error:  # a full disk, a folder without rights: said, not raised
            self.status.setText(f"Not saved: {describe(error).message}")
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.status.setText(f"Saved {self.saved}")
        return self.saved
