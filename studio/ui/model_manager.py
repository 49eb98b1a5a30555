"""The model manager: per plugin, the weights it has (bundled demo, imported) with source,
licence, size and sha256; import official files (file picker or drop them on the dialog),
verify, rename, remove. A wrong file gets the importer's message: what was expected, what was
found."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from .loading import accept_files, audio_paths
from .model.weights_list import WeightsRow, import_files, importers_of, rename, weights_rows
from .status import StatusArea
from .workers import describe

COLUMNS = ("Plugin", "Name", "Kind", "Source", "Licence", "Size", "sha256")


def size_text(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e5 else f"{count / 1e3:.0f} kB"


class ModelManager(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.context = window.context
        self.setWindowTitle("Models")
        self.resize(980, 420)
        self.setAcceptDrops(True)
        self.rows: list[WeightsRow] = []

        self.plugin = QComboBox()
        self.plugin.addItem("all plugins", None)
        for name in sorted({info.plugin for info in self.context.host.generators.values()}):
            self.plugin.addItem(name, name)
        self.plugin.currentIndexChanged.connect(self.refresh)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (3, 4):  # source and licence can be long: elided, in full in the tooltip
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, 260)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: gray")
        self.status = StatusArea()

        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Import official checkpoint files (or drop them here)")
        self.import_button.clicked.connect(self.import_dialog)
        self.verify_button = QPushButton("Verify")
        self.verify_button.clicked.connect(self.verify)
        self.rename_button = QPushButton("Rename…")
        self.rename_button.clicked.connect(self.rename_dialog)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_dialog)
        top = QHBoxLayout()
        top.addWidget(QLabel("Plugin"))
        top.addWidget(self.plugin, 1)
        buttons = QHBoxLayout()
        for button in (
            self.import_button,
            self.verify_button,
            self.rename_button,
            self.remove_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.refresh()

    @classmethod
    def show_for(cls, window) -> ModelManager:
        dialog = cls(window)
        window.model_dialog = dialog
        dialog.open()
        return dialog

    # -- the list ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.rows = weights_rows(self.context.host, self.context.store, self.plugin.currentData())
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            kind = row.kind + (" demo (synthetic data)" if row.demo else "")
            cells = (
                row.plugin,
                row.name,
                kind,
                row.problem or row.origin,
                row.licence,
                size_text(row.bytes),
                row.sha256[:16],
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(row.sha256 if column == 6 else text)
                if row.problem:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(index, column, item)
        self._update_hint()
        self._selection_changed()

    def _update_hint(self) -> None:
        plugin = self.target_plugin()
        if plugin is None:
            self.hint.setText("Choose a plugin to import its official weights.")
            return
        importers = importers_of(self.context.host, plugin)
        if importers:
            files = ", ".join(importers[0][1].files)
            self.hint.setText(f"{plugin} imports: {files}. Drop the files here or use Import….")
        else:
            self.hint.setText(f"{plugin} publishes no weights to import (train your own).")

    def selected(self) -> WeightsRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        row = self.selected()
        self.verify_button.setEnabled(row is not None and row.kind == "imported")
        self.rename_button.setEnabled(row is not None and row.removable)
        self.remove_button.setEnabled(row is not None and row.removable)
        plugin = self.target_plugin()
        self.import_button.setEnabled(
            plugin is not None and bool(importers_of(self.context.host, plugin))
        )
        self._update_hint()

    def target_plugin(self) -> str | None:
        """The plugin an import goes to: the chosen one, or the selected row's."""
        row = self.selected()
        return self.plugin.currentData() or (row.plugin if row else None)

    # -- actions ------------------------------------------------------------------------------

    def import_dialog(self) -> None:
        plugin = self.target_plugin()
        if plugin is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            f"Import {plugin} weights",
            "",
            "Checkpoints (*.pth *.pt *.ckpt *.safetensors *.bin);;All files (*)",
        )
        if paths:
            self.import_files(plugin, [Path(p) for p in paths])

    def import_files(self, plugin: str, paths: list[Path], name: str = ""):
        self.status.show_message(f"Importing {', '.join(p.name for p in paths)}…")
        context = self.context
        return self.window_.jobs.start(
            lambda progress: import_files(context.host, context.store, plugin, paths, name),
            done=self._imported,
            failed=self.status.show_failure,
        )

    def _imported(self, ref) -> None:
        self.status.show_message(f"Imported {ref.plugin}/{ref.name} (sha256 {ref.sha256[:16]}…)")
        self.refresh()
        self.window_.generator.check_weights()

    def verify(self) -> None:
        row = self.selected()
        if row is None:
            return
        store = self.context.store
        self.window_.jobs.start(
            lambda progress: store.verify(row.plugin, row.name),
            done=self._verified,
            failed=self.status.show_failure,
        )

    def _verified(self, report) -> None:
        if report.ok:
            self.status.show_message(
                f"{report.plugin}/{report.name}: intact ({report.expected[:16]}…)"
            )
        else:
            self.status.show_failure(describe_text(report.message))

    def rename_dialog(self) -> None:
        row = self.selected()
        if row is None:
            return
        name, ok = QInputDialog.getText(self, "Rename weights", "New name:", text=row.name)
        if ok and name and name != row.name:
            self.rename(row, name)

    def rename(self, row: WeightsRow, name: str) -> None:
        try:
            rename(self.context.store, row.plugin, row.name, name)
        except Exception as error:
            self.status.show_failure(describe(error))
            return
        self.status.show_message(f"Renamed {row.plugin}/{row.name} to {name}")
        self.refresh()

    def remove_dialog(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self, "Remove weights", f"Delete {row.plugin}/{row.name} ({size_text(row.bytes)})?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(row)

    def remove(self, row: WeightsRow) -> None:
        try:
            self.context.store.remove(row.plugin, row.name)
        except Exception as error:
            self.status.show_failure(describe(error))
            return
        self.status.show_message(f"Removed {row.plugin}/{row.name}")
        self.refresh()

    # -- drag and drop ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_files(event)

    def dragMoveEvent(self, event) -> None:
        accept_files(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = audio_paths(event.mimeData().urls())  # local files, whatever their kind
        plugin = self.target_plugin()
        if not paths:
            return
        event.acceptProposedAction()
        if plugin is None:
            self.status.show_message("Choose the plugin these weights are for, then drop again.")
            return
        self.import_files(plugin, paths)


def describe_text(message: str):
    from .workers import Failure

    return Failure(message, message, True)
