"""File > Batch generate: a folder of audio (or images) through the generator chosen in the
panel, with its current params, seed and weights; progress, cancel, and a summary of what
failed. Outputs carry their recipes like any exported result."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from studio.app.batch import BatchItem, batch_inputs, run_batch, summary

from .qt_compat import Signal
from .workers import Job


class ItemSignal(QObject):
    done = Signal(int, object)  # index, BatchItem (from the worker to the GUI thread)


class BatchDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Batch generate")
        self.resize(640, 460)
        self.job: Job | None = None
        self.items: list[BatchItem] = []
        self.item_signal = ItemSignal(self)
        self.item_signal.done.connect(self._item_done)

        info = window.generator.info
        self.generator_label = QLabel(
            f"{info.title}  ({info.id})" if info else "no generator chosen"
        )
        self.source = QLineEdit()
        self.source.setPlaceholderText("a folder of audio files (or images)")
        self.target = QLineEdit()
        self.target.setPlaceholderText("where the outputs go")
        form = QFormLayout()
        form.addRow("Generator", self.generator_label)
        form.addRow("Inputs", self._with_browse(self.source, "Input folder"))
        form.addRow("Outputs", self._with_browse(self.target, "Output folder"))
        note = QLabel("Uses the generator panel's weights, params, seed and device.")
        note.setStyleSheet("color: gray")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress_label = QLabel()
        self.list = QListWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.start_button = QPushButton("Start")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_or_cancel)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.start_button.setEnabled(info is not None)

    @classmethod
    def show_for(cls, window) -> BatchDialog:
        dialog = cls(window)
        window.batch_dialog_ = dialog
        dialog.open()
        return dialog

    def _with_browse(self, field: QLineEdit, title: str) -> QHBoxLayout:
        browse = QPushButton("Choose…")

        def choose() -> None:
            folder = QFileDialog.getExistingDirectory(self, title, field.text())
            if folder:
                field.setText(folder)

        browse.clicked.connect(choose)
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(browse)
        return row

    @property
    def running(self) -> bool:
        return self.job is not None

    def start_or_cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.progress_label.setText("cancelling…")
            return
        panel = self.window_.generator
        order = panel.order()
        source, target = Path(self.source.text().strip()), Path(self.target.text().strip())
        if not self.source.text().strip() or not source.is_dir():
            self.summary.setText(f"{source}: choose a folder of input files")
            return
        if not self.target.text().strip():
            self.summary.setText("choose where the outputs go")
            return
        inputs = batch_inputs([source], order.info)
        if not inputs:
            self.summary.setText(f"{source}: holds no files {order.info.title} can take")
            return
        self.items = []
        self.list.clear()
        self.summary.clear()
        engine = self.window_.context.engine
        emit = self.item_signal.done.emit
        self.job = self.window_.jobs.start(
            lambda progress: run_batch(
                engine,
                order.info,
                inputs,
                target,
                order.params,
                order.seed,
                order.weights,
                order.device,
                progress,
                emit,
                fixed=order.images,  # the pictures in the panel's boxes go with every file
            ),
            done=self._finished_all,
            failed=lambda failure: self.summary.setText(failure.message),
            cancelled=self._cancelled,
            progress=self._progress,
            finished=self._finished,
        )
        self.start_button.setText("Cancel")

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 100))
        if message:
            self.progress_label.setText(message)

    def _item_done(self, index: int, item: BatchItem) -> None:
        self.items.append(item)
        text = (
            f"✓ {item.input.name} → {item.output}"
            if item.ok
            else f"✗ {item.input.name}: {item.error}"
        )
        self.list.addItem(text)

    def _finished_all(self, items: list[BatchItem]) -> None:
        self.summary.setText(summary(items))

    def _cancelled(self) -> None:
        self.summary.setText(f"Cancelled. {summary(self.items)} before that.")

    def _finished(self) -> None:
        self.job = None
        self.start_button.setText("Start")
        self.progress_label.setText("")
