"""The middle of the window: the output canvas, its controls, and the history strip of every
result (tooltip = its recipe; right-click to export or re-run; drag one out to a folder)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, QUrl
from PySide6.QtGui import QAction, QIcon, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.api import AudioClip, Image

from .canvas import OutputCanvas, to_qimage
from .model.results import Result, default_name, export
from .model.source import Source
from .qt_compat import Signal

THUMBNAIL = 96  # history avatars large enough to compare side by side
NUMBER = Qt.ItemDataRole.UserRole


class HistoryStrip(QListWidget):
    """Every result, newest last; items can be dragged out to the file manager."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.results: dict[int, Result] = {}
        self._drag_folder: Path | None = None
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.setFixedHeight(THUMBNAIL + 44)
        self.setMovement(QListView.Movement.Static)
        self.setDragEnabled(True)
        self.setDragDropMode(QListWidget.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def put(self, result: Result) -> QListWidgetItem:
        """Add ``result``, or refresh the item of the same number."""
        self.results[result.number] = result
        item = self.item_for(result.number)
        if item is None:
            item = QListWidgetItem()
            item.setData(NUMBER, result.number)
            self.addItem(item)
        item.setText(f"#{result.number}" + (" ✎" if result.derived_from else ""))
        item.setIcon(thumbnail(result.output))
        item.setToolTip(result.describe())
        return item

    def item_for(self, number: int) -> QListWidgetItem | None:
        for row in range(self.count()):
            if self.item(row).data(NUMBER) == number:
                return self.item(row)
        return None

    def result_of(self, item: QListWidgetItem | None) -> Result | None:
        return None if item is None else self.results.get(item.data(NUMBER))

    def mimeData(self, items) -> QMimeData:
        """Dragging results out writes them (recipe included) to files the drop can copy."""
        if self._drag_folder is None:
            self._drag_folder = Path(tempfile.mkdtemp(prefix="persona-studio-drag-"))
        urls = []
        for item in items:
            result = self.result_of(item)
            if result is not None:
                path = export(result, self._drag_folder / default_name(result))[0]
                urls.append(QUrl.fromLocalFile(str(path)))
        mime = QMimeData()
        mime.setUrls(urls)
        return mime

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]


def thumbnail(output: Image | AudioClip) -> QIcon:
    if isinstance(output, Image):
        pixmap = QPixmap.fromImage(to_qimage(output)).scaled(
            THUMBNAIL,
            THUMBNAIL,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        icon = QIcon(pixmap)
        icon.addPixmap(pixmap, QIcon.Mode.Selected)  # true colours, not tinted, when selected
        return icon
    return QApplication.style().standardIcon(QApplication.style().StandardPixmap.SP_MediaVolume)


class OutputPanel(QWidget):
    picked = Signal(object)  # Result chosen in the history strip
    exportRequested = Signal(object)  # Result
    rerunRequested = Signal(object)  # Result
    enhanceRequested = Signal(object)  # Result: make it again, enhanced
    playRequested = Signal(object)  # Source: an audio output to play
    useAsInputRequested = Signal(object)  # Image: a result's picture for an image input

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.canvas = OutputCanvas()
        self.history = HistoryStrip()
        self.current: Result | None = None
        self.can_enhance = lambda result: False  # the window says whether a restorer is here
        self.smooth = QCheckBox("Smooth scaling")
        self.smooth.setToolTip("Off: crisp pixels (nearest). On: smooth (bilinear) enlargement")
        self.smooth.toggled.connect(self.canvas.set_smooth)
        self.play = QPushButton("▶ Play output")
        self.play.clicked.connect(self._play)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save as PNG, WAV or FLAC with the recipe inside")
        self.export_button.clicked.connect(
            lambda: self.current and self.exportRequested.emit(self.current)
        )
        controls = QHBoxLayout()
        controls.addWidget(self.smooth)
        controls.addStretch(1)
        controls.addWidget(self.play)
        controls.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addLayout(controls)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.history)
        self.history.currentItemChanged.connect(self._picked)
        self.history.customContextMenuRequested.connect(self._menu)
        self.show_result(None)

    def add(self, result: Result) -> None:
        """A new or updated result: into the strip, and onto the canvas."""
        item = self.history.put(result)
        self.history.blockSignals(True)
        self.history.setCurrentItem(item)
        self.history.blockSignals(False)
        self.history.scrollToItem(item)
        self.show_result(result)

    def clear(self) -> None:
        self.history.clear()
        self.history.results.clear()
        self.show_result(None)

    def results(self) -> list[Result]:
        """Every result in the history strip, in its order."""
        return [
            self.history.result_of(self.history.item(row)) for row in range(self.history.count())
        ]

    def show_result(self, result: Result | None) -> None:
        self.current = result
        self.canvas.show_output(result.output if result else None, result.peaks if result else None)
        self.export_button.setEnabled(result is not None)
        self.play.setVisible(result is not None and isinstance(result.output, AudioClip))
        self.smooth.setVisible(result is None or isinstance(result.output, Image))
        if result is not None and result.recipe.enhance is not None:
            self.smooth.setChecked(True)  # a restored face is meant to be seen smooth

    def _picked(self, item: QListWidgetItem | None) -> None:
        result = self.history.result_of(item)
        if result is not None:
            self.show_result(result)
            self.picked.emit(result)

    def _play(self) -> None:
        result = self.current
        if result is not None and isinstance(result.output, AudioClip):
            self.playRequested.emit(Source(result.output, result.peaks))

    def _menu(self, position) -> None:
        result = self.history.result_of(self.history.itemAt(position))
        if result is None:
            return
        menu = QMenu(self)
        for text, signal in (
            ("Export…", self.exportRequested),
            ("Re-run recipe", self.rerunRequested),
        ):
            action = QAction(text, menu)
            action.triggered.connect(lambda _=False, s=signal: s.emit(result))
            menu.addAction(action)
        if (
            isinstance(result.output, Image)
            and result.recipe.enhance is None
            and self.can_enhance(result)
        ):
            enhance = QAction("Enhance (restore to 512 px)", menu)
            enhance.triggered.connect(lambda: self.enhanceRequested.emit(result))
            menu.addAction(enhance)
        if isinstance(result.output, Image):
            use = QAction("Use as image input", menu)
            use.triggered.connect(lambda: self.useAsInputRequested.emit(result.output))
            menu.addAction(use)
        copy = QAction("Copy recipe", menu)
        copy.triggered.connect(lambda: QApplication.clipboard().setText(result.recipe.to_json()))
        menu.addAction(copy)
        menu.exec(self.history.viewport().mapToGlobal(position))
