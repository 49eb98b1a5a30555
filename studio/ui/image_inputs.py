"""Image inputs of the chosen generator (a reference face, a scene to blend with): one box
per image slot, filled by dropping a picture on it, by Choose…, or with a result's image."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
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
from studio.api.errors import StudioError

from .model.images import IMAGE_SUFFIXES, is_image_path, load_square
from .qt_compat import Signal

THUMBNAIL = 72
FILTER = "Images (" + " ".join(f"*{suffix}" for suffix in sorted(IMAGE_SUFFIXES)) + ")"


def pixmap_of(image: Image, side: int) -> QPixmap:
    height, width = image.pixels.shape[:2]
    qimage = QImage(image.pixels.data, width, height, width * 3, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(qimage.copy()).scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def dropped_image(event) -> Path | None:
    for url in event.mimeData().urls():
        if url.isLocalFile() and is_image_path(Path(url.toLocalFile())):
            return Path(url.toLocalFile())
    return None


class ImageSlotBox(QFrame):
    """One image input: a thumbnail, its title, Choose… and Clear; accepts dropped pictures."""

    changed = Signal()
    failed = Signal(str)

    def __init__(self, slot: Slot, parent=None) -> None:
        super().__init__(parent)
        self.slot = slot
        self.image: Image | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        self.thumbnail = QLabel()
        self.thumbnail.setFixedSize(THUMBNAIL, THUMBNAIL)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("background: #2a2d33; color: #9aa; border-radius: 4px")
        title = slot.title or slot.name
        self.title = QLabel(f"<b>{title}</b>" + (" (optional)" if slot.optional else ""))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: gray")
        self.choose_button = QToolButton(text="Choose…")
        self.choose_button.setToolTip(f"Pick a picture for '{title}' (or drop one here)")
        self.choose_button.clicked.connect(self.choose)
        self.clear_button = QToolButton(text="Clear")
        self.clear_button.clicked.connect(lambda: self.set_image(None))
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.hint)
        text.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.thumbnail)
        layout.addLayout(text, 1)
        self.set_image(None)

    def set_image(self, image: Image | None) -> None:
        self.image = image
        if image is None:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText("drop\na picture")
            self.hint.setText("Drop a picture here or choose one; its centre square is used.")
        else:
            self.thumbnail.setPixmap(pixmap_of(image, THUMBNAIL))
            name = Path(image.source).name if image.source else "image"
            self.hint.setText(f"{name} ({image.pixels.shape[1]}×{image.pixels.shape[0]})")
        self.clear_button.setEnabled(image is not None)
        self.changed.emit()

    def load(self, path: Path) -> None:
        try:
            self.set_image(load_square(path))
        except StudioError as error:  # names the file and what is wrong with it
            self.failed.emit(str(error))

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
    are remembered by slot name, so switching models and back (or to another model with a
    'face' input) keeps them."""

    changed = Signal()
    failed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.boxes: dict[str, ImageSlotBox] = {}
        self._remembered: dict[str, Image] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setVisible(False)

    def set_slots(self, slots) -> None:
        for box in self.boxes.values():
            box.deleteLater()
        self.boxes = {}
        for slot in slots:
            if slot.kind is not Kind.IMAGE:
                continue
            box = ImageSlotBox(slot, self)
            if slot.name in self._remembered:
                box.set_image(self._remembered[slot.name])
            box.changed.connect(lambda box=box: self._remember(box))
            box.failed.connect(self.failed)
            self._layout.addWidget(box)
            self.boxes[slot.name] = box
        self.setVisible(bool(self.boxes))

    def _remember(self, box: ImageSlotBox) -> None:
        if box.image is None:
            self._remembered.pop(box.slot.name, None)
        else:
            self._remembered[box.slot.name] = box.image
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
