"""The crop tool of an image input: the picture with the crop rectangle over it, locked to the
generator's input aspect. Drag inside to move it, drag a corner to resize it (the opposite
corner stays), scroll or +/- to zoom it, arrows to nudge it; "Auto" goes back to the proposal
(centred on the detected face), "Whole picture" to the largest centred crop."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studio.api import Image
from studio.images import crop
from studio.images.crop import Box
from studio.images.prepared import Prepared
from studio.images.render import output_size

from .canvas import to_qimage
from .qt_compat import Signal

HANDLE = 9  # pixels around a corner that grab it
NUDGE = 0.01  # an arrow key moves the crop by this share of the picture (Shift: ten times)
ZOOM_STEP = 1.1


class CropView(QWidget):
    """The picture fitted into the widget, dimmed outside the crop box."""

    boxChanged = Signal(object)  # Box, full-size pixels

    def __init__(self, prepared: Prepared, parent=None) -> None:
        super().__init__(parent)
        self.picture = prepared.picture
        self.face = prepared.proposal.face
        self.box = prepared.box
        self.aspect = prepared.box.aspect
        self._pixmap = QPixmap.fromImage(to_qimage(Image(self.picture.pixels)))
        self._fitted: tuple[tuple[int, int], QPixmap] | None = None
        self._drag: tuple[str, QPointF, Box] | None = None  # what, where it began, box then
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def bounds(self) -> tuple[int, int]:
        return self.picture.full_size

    def set_box(self, box: Box) -> None:
        if box != self.box:
            self.box = box
            self.update()
            self.boxChanged.emit(box)

    # -- full-size pixels <-> widget ----------------------------------------------------------

    def _fit(self) -> tuple[float, float, float]:
        """Widget pixels per full-size pixel, and the picture's top-left in the widget."""
        width, height = self.bounds
        scale = min(self.width() / width, self.height() / height)
        return scale, (self.width() - width * scale) / 2, (self.height() - height * scale) / 2

    def to_view(self, box: Box) -> QRectF:
        scale, x, y = self._fit()
        return QRectF(
            x + box.left * scale, y + box.top * scale, box.width * scale, box.height * scale
        )

    def to_picture(self, point: QPointF) -> tuple[float, float]:
        scale, x, y = self._fit()
        return (point.x() - x) / scale, (point.y() - y) / scale

    def corner_at(self, point: QPointF) -> str | None:
        for name in crop.CORNERS:
            x, y = self.to_view_point(self.box.corner(name))
            if abs(x - point.x()) <= HANDLE and abs(y - point.y()) <= HANDLE:
                return name
        return None

    def to_view_point(self, point: tuple[float, float]) -> tuple[float, float]:
        scale, x, y = self._fit()
        return x + point[0] * scale, y + point[1] * scale

    # -- gestures ------------------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position()
        corner = self.corner_at(point)
        if corner is None and not self.to_view(self.box).contains(point):
            # A click beside the crop brings it there, then drags it on.
            x, y = self.to_picture(point)
            centre_x, centre_y = self.box.centre
            self.set_box(crop.moved(self.box, x - centre_x, y - centre_y, self.bounds))
        self._drag = (corner or "move", point, self.box)

    def mouseMoveEvent(self, event) -> None:
        point = event.position()
        if self._drag is None:
            self._hover_cursor(point)
            return
        what, start, box = self._drag
        if what == "move":
            scale = self._fit()[0]
            delta = (point - start) / scale
            self.set_box(crop.moved(box, delta.x(), delta.y(), self.bounds))
        else:
            self.set_box(crop.resized(box, what, self.to_picture(point), self.bounds))

    def mouseReleaseEvent(self, event) -> None:
        self._drag = None

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP ** (-steps))  # scrolling up (away) tightens the crop

    def keyPressEvent(self, event) -> None:
        step = (
            NUDGE
            * min(self.bounds)
            * (10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
        )
        moves = {
            Qt.Key.Key_Left: (-step, 0),
            Qt.Key.Key_Right: (step, 0),
            Qt.Key.Key_Up: (0, -step),
            Qt.Key.Key_Down: (0, step),
        }
        if event.key() in moves:
            self.set_box(crop.moved(self.box, *moves[event.key()], self.bounds))
        elif event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1 / ZOOM_STEP)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom(ZOOM_STEP)
        else:
            super().keyPressEvent(event)

    def zoom(self, factor: float) -> None:
        self.set_box(crop.zoomed(self.box, factor, self.bounds))

    def _hover_cursor(self, point: QPointF) -> None:
        corner = self.corner_at(point)
        if corner in ("top-left", "bottom-right"):
            self.setCursor(Qt.CursorShape.SizeFDiagCursor)
        elif corner is not None:
            self.setCursor(Qt.CursorShape.SizeBDiagCursor)
        elif self.to_view(self.box).contains(point):
            self.setCursor(Qt.CursorShape.SizeAllCursor)
        else:
            self.setCursor(Qt.CursorShape.CrossCursor)

    # -- drawing -------------------------------------------------------------------------------

    def _fitted_pixmap(self, whole: QRectF) -> QPixmap:
        """The picture scaled to the widget once per size (a drag repaints many times)."""
        size = (round(whole.width()), round(whole.height()))
        if self._fitted is None or self._fitted[0] != size:
            scaled = self._pixmap.scaled(
                *size,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self._fitted = (size, scaled)
        return self._fitted[1]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("#1e2024"))
        whole = self.to_view(Box(0, 0, *self.bounds))
        painter.drawPixmap(whole.topLeft(), self._fitted_pixmap(whole))
        rect = self.to_view(self.box)
        outside = QPainterPath()
        outside.addRect(whole)
        outside.addRect(rect)  # odd-even fill: everything but the crop
        painter.fillPath(outside, QColor(0, 0, 0, 150))
        if self.face is not None:
            painter.setPen(QPen(QColor("#f0c040"), 1, Qt.PenStyle.DashLine))
            painter.drawRect(self.to_view(self.face))
        painter.setPen(QPen(QColor(255, 255, 255, 90), 1))
        for third in (1 / 3, 2 / 3):  # the rule of thirds, for placing the eyes
            x = rect.left() + rect.width() * third
            y = rect.top() + rect.height() * third
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.drawRect(rect)
        painter.setBrush(QColor("white"))
        for corner in (rect.topLeft(), rect.topRight(), rect.bottomLeft(), rect.bottomRight()):
            painter.drawRect(QRectF(corner.x() - 4, corner.y() - 4, 8, 8))
        painter.end()


class CropDialog(QDialog):
    """Adjusting one image input's crop; ``box`` is the chosen crop once accepted."""

    def __init__(self, prepared: Prepared, title: str, parent=None) -> None:
        super().__init__(parent)
        self.prepared = prepared
        self.setWindowTitle(f"Crop {prepared.picture.name} for '{title}'")
        self.view = CropView(prepared)
        self.view.boxChanged.connect(self._show_size)
        self.info = QLabel()
        self.info.setStyleSheet("color: gray")
        self.auto_button = QPushButton("Auto")
        self.auto_button.setToolTip(f"Back to the proposed crop ({prepared.proposal.note})")
        self.auto_button.clicked.connect(lambda: self.view.set_box(prepared.proposal.box))
        self.whole_button = QPushButton("Whole picture")
        self.whole_button.setToolTip("The largest crop of this shape, centred")
        self.whole_button.clicked.connect(
            lambda: self.view.set_box(crop.largest(self.view.aspect, self.view.bounds))
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.auto_button)
        row.addWidget(self.whole_button)
        row.addWidget(self.info, 1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Drag the frame to move it, a corner to resize it; scroll to zoom it.")
        )
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.resize(760, 600)
        self._show_size(self.view.box)
        self.view.setFocus()

    @property
    def box(self) -> Box:
        return self.view.box

    def _show_size(self, box: Box) -> None:
        width, height = self.prepared.picture.full_size
        out = output_size(box)
        note = self.prepared.proposal.note if box == self.prepared.proposal.box else "your crop"
        self.info.setText(
            f"{box.width:.0f}×{box.height:.0f} of {width}×{height} px → {out[0]}×{out[1]} · {note}"
        )
