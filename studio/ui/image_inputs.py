"""Image inputs of the chosen generator (a reference face, a scene to blend with): one box
per image slot, filled by dropping a picture on it, by Choose…, or with a result's image.

A picture is opened in a worker (upright, at a bounded size, however big the file), its crop
proposed around the detected face (or the whole picture for a scene slot), and the crop tool
opens on it; double-click the thumbnail or press "Crop…" to change the crop later. The crop is
remembered with the slot, across model switches."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.api import Image, Kind, Slot
from studio.images.crop import Box
from studio.images.prepared import Prepared, for_aspect, prepare, prepare_image, recropped

from .canvas import to_qimage
from .crop_dialog import CropDialog
from .model.images import IMAGE_SUFFIXES, is_image_path
from .qt_compat import Signal
from .workers import Failure, Job, Jobs

THUMBNAIL = 72
FILTER = "Images (" + " ".join(f"*{suffix}" for suffix in sorted(IMAGE_SUFFIXES)) + ")"


def pixmap_of(image: Image, side: int) -> QPixmap:
    return QPixmap.fromImage(to_qimage(image)).scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def dropped_image(event) -> Path | None:
    for url in event.mimeData().urls():
        if url.isLocalFile() and is_image_path(Path(url.toLocalFile())):
            return Path(url.toLocalFile())
    return None


class Thumbnail(QLabel):
    doubleClicked = Signal()

    def mouseDoubleClickEvent(self, event) -> None:
        self.doubleClicked.emit()


class ImageSlotBox(QFrame):
    """One image input: a thumbnail of its crop, its title, Choose…, Crop… and Clear; accepts
    dropped pictures."""

    changed = Signal()
    failed = Signal(str)
    message = Signal(str)  # what the crop proposal did ("no face found: centred crop")
    loaded = Signal()  # a picture finished opening (the crop tool opens next, if asked)

    def __init__(self, slot: Slot, jobs: Jobs, parent=None, review: bool = True) -> None:
        super().__init__(parent)
        self.slot = slot
        self.jobs = jobs
        self.review = review  # open the crop tool on each newly opened picture
        self.prepared: Prepared | None = None
        self.dialog: CropDialog | None = None
        self._job: Job | None = None
        self._ticket: object | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        self.thumbnail = Thumbnail()
        self.thumbnail.setFixedSize(THUMBNAIL, THUMBNAIL)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("background: #2a2d33; color: #9aa; border-radius: 4px")
        self.thumbnail.doubleClicked.connect(self.adjust_crop)
        title = slot.title or slot.name
        self.title = QLabel(f"<b>{title}</b>" + (" (optional)" if slot.optional else ""))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: gray")
        self.choose_button = QToolButton(text="Choose…")
        self.choose_button.setToolTip(f"Pick a picture for '{title}' (or drop one here)")
        self.choose_button.clicked.connect(self.choose)
        self.crop_button = QToolButton(text="Crop…")
        self.crop_button.setToolTip("Move or resize the part of the picture the model sees")
        self.crop_button.clicked.connect(self.adjust_crop)
        self.clear_button = QToolButton(text="Clear")
        self.clear_button.clicked.connect(lambda: self.set_image(None))
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.crop_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.hint)
        text.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.thumbnail)
        layout.addLayout(text, 1)
        self.set_prepared(None)

    @property
    def image(self) -> Image | None:
        """What the generator receives: the crop, upright, at most 512 px on its long side."""
        return self.prepared.image if self.prepared is not None else None

    @property
    def loading(self) -> bool:
        return self._job is not None

    def set_image(self, image: Image | None) -> None:
        """An image from the app (a result) used whole, or None to clear the box."""
        self.cancel_loading()
        self.set_prepared(None if image is None else prepare_image(image, self.slot.aspect))

    def set_prepared(self, prepared: Prepared | None) -> None:
        self.prepared = prepared
        self.thumbnail.setText("")
        if prepared is None:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText("drop\na picture")
            shape = "square" if self.slot.aspect == 1 else f"{self.slot.aspect:.2f}:1"
            centred = "around the face" if self.slot.content == "face" else "whole"
            self.hint.setText(
                f"Drop a picture here or choose one; it is cropped {shape}, {centred}."
            )
        else:
            self.thumbnail.setPixmap(pixmap_of(prepared.image, THUMBNAIL))
            width, height = prepared.picture.full_size
            how = "your crop" if prepared.adjusted else prepared.proposal.note
            self.hint.setText(f"{prepared.picture.name} ({width}×{height}) · {how}")
            self.thumbnail.setToolTip("Double-click to change the crop")
        self.crop_button.setEnabled(prepared is not None)
        self.clear_button.setEnabled(prepared is not None)
        self.changed.emit()

    # -- opening a picture (in a worker) --------------------------------------------------------

    def load(self, path: Path) -> None:
        """Open ``path`` in the background; the box says so meanwhile."""
        path = Path(path)
        aspect, content = self.slot.aspect, self.slot.content

        def done(prepared: Prepared) -> None:
            self.set_prepared(prepared)
            self.message.emit(
                f"{path.name}: {prepared.proposal.note} (double-click its thumbnail to change it)"
            )
            self.loaded.emit()
            if self.review:
                self.adjust_crop()

        self._start(lambda progress: prepare(path, aspect, content), done)
        self._close_dialog()  # it shows the picture being replaced
        self.thumbnail.setPixmap(QPixmap())
        self.thumbnail.setText("opening…")
        self.hint.setText(f"Opening {path.name}…")

    def adopt(self, prepared: Prepared) -> None:
        """A picture this slot's name held under another model: reshaped if need be."""
        if abs(prepared.box.aspect - self.slot.aspect) < 1e-6:
            self.set_prepared(prepared)
            return
        aspect, content = self.slot.aspect, self.slot.content
        self._start(lambda progress: for_aspect(prepared, aspect, content), self.set_prepared)

    def apply_crop(self, box: Box) -> None:
        """Cut the picture at ``box`` (the file may be read again for a small crop)."""
        prepared = self.prepared
        if prepared is None or box == prepared.box:
            return
        self._start(lambda progress: recropped(prepared, box), self.set_prepared)

    def _start(self, work, done) -> None:
        self.cancel_loading()
        ticket = object()  # which job is the box's current one, when its outcome arrives

        def finished(outcome, handler) -> None:
            if self._ticket is ticket:  # else a later picture replaced it: drop the outcome
                self._job = self._ticket = None
                handler(outcome)

        self._ticket = ticket
        self._job = self.jobs.start(
            work,
            done=lambda result: finished(result, done),
            failed=lambda failure: finished(failure, self._failed),
        )

    def cancel_loading(self) -> None:
        if self._job is not None:
            self._job.cancel()
        self._job = self._ticket = None

    def _failed(self, failure: Failure) -> None:
        self.set_prepared(self.prepared)  # the previous picture, if any, is still the input
        self.failed.emit(failure.message)  # names the file and what is wrong with it

    # -- the crop tool ------------------------------------------------------------------------

    def adjust_crop(self) -> None:
        if self.prepared is None or self.loading:
            return
        self._close_dialog()
        self.dialog = CropDialog(self.prepared, self.slot.title or self.slot.name, self)
        dialog = self.dialog
        dialog.accepted.connect(lambda: self._crop_chosen(dialog))
        dialog.open()

    def _crop_chosen(self, dialog: CropDialog) -> None:
        if dialog.prepared is self.prepared and not self.loading:  # still this box's picture
            self.apply_crop(dialog.box)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None

    # -- choosing and dropping ----------------------------------------------------------------

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.slot.title or self.slot.name, "", FILTER)
        if path:
            self.load(Path(path))

    def dragEnterEvent(self, event) -> None:
        if dropped_image(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = dropped_image(event)
        if path is not None:
            event.acceptProposedAction()
            self.load(path)


class ImageInputs(QWidget):
    """The boxes of the chosen generator's image slots; hidden when it takes no image. Pictures
    and their crops are remembered by slot name, so switching models and back (or to another
    model with a 'face' input) keeps them."""

    changed = Signal()
    failed = Signal(str)
    message = Signal(str)

    def __init__(self, jobs: Jobs | None = None, parent=None) -> None:
        super().__init__(parent)
        self.jobs = jobs or Jobs(self)
        self.review_crops = True  # open the crop tool on each newly opened picture
        self.boxes: dict[str, ImageSlotBox] = {}
        self._remembered: dict[str, Prepared] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setVisible(False)

    def set_slots(self, slots) -> None:
        for box in self.boxes.values():
            box.cancel_loading()
            box.deleteLater()
        self.boxes = {}
        for slot in slots:
            if slot.kind is not Kind.IMAGE:
                continue
            box = ImageSlotBox(slot, self.jobs, self, review=self.review_crops)
            if slot.name in self._remembered:
                box.adopt(self._remembered[slot.name])
            box.changed.connect(lambda box=box: self._remember(box))
            box.failed.connect(self.failed)
            box.message.connect(self.message)
            self._layout.addWidget(box)
            self.boxes[slot.name] = box
        self.setVisible(bool(self.boxes))

    def _remember(self, box: ImageSlotBox) -> None:
        if box.prepared is None:
            self._remembered.pop(box.slot.name, None)
        else:
            self._remembered[box.slot.name] = box.prepared
        self.changed.emit()

    def images(self) -> dict[str, Image]:
        return {name: box.image for name, box in self.boxes.items() if box.image is not None}

    def set_image(self, name: str, image: Image) -> None:
        if name in self.boxes:
            self.boxes[name].set_image(image)

    def take(self, image: Image) -> str | None:
        """Put ``image`` in the first empty box (else the first box); the slot's name."""
        if not self.boxes:
            return None
        empty = [name for name, box in self.boxes.items() if box.image is None]
        name = (empty or list(self.boxes))[0]
        self.boxes[name].set_image(image)
        return name
