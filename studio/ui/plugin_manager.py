"""The plugin manager: every plugin with its version, generators and status; failed plugins
with their error; a switch to turn each on or off (remembered, from the next start)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from studio.host.plugin_state import is_builtin

COLUMNS = ("On", "Plugin", "Version", "Generators", "Status")
NAME = Qt.ItemDataRole.UserRole


def status_text(record) -> str:
    if record.skipped:
        return f"off: {record.skipped}"
    if record.failures:
        return "failed: " + "; ".join(f"{f.stage}: {f.message}" for f in record.failures)
    return "ok"


class PluginManagerDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Plugins")
        self.resize(900, 360)
        self.context = window.context
        self.state = self.context.gate.state
        host = self.context.host
        lines = []
        if self.context.gate.safe_mode:
            lines.append("Safe mode: only the built-in plugins were loaded this time.")
        lines += self.context.gate.notices
        lines.append("Turning a plugin on or off takes effect the next time Persona Studio starts.")
        self.note = QLabel("\n".join(lines))
        self.note.setWordWrap(True)

        self.table = QTableWidget(len(host.plugins), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        for row, record in enumerate(host.plugins.values()):
            switch = QTableWidgetItem()
            switch.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            switch.setCheckState(
                Qt.CheckState.Checked
                if self.state.enabled(record.name)
                else Qt.CheckState.Unchecked
            )
            switch.setData(NAME, record.name)
            switch.setToolTip("Load this plugin at start-up")
            builtin = " (built-in)" if is_builtin(record.name, record.distribution) else ""
            cells = [
                switch,
                QTableWidgetItem(record.name + builtin),
                QTableWidgetItem(f"{record.version}  ({record.distribution})"),
                QTableWidgetItem(", ".join(record.generators) or "—"),
                QTableWidgetItem(status_text(record)),
            ]
            cells[-1].setToolTip(status_text(record))
            cells[3].setToolTip("\n".join(record.generators))
            if record.failures:
                cells[-1].setForeground(Qt.GlobalColor.red)
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.table.setColumnWidth(3, 260)  # long lists are elided; the tooltip has them all
        self.table.itemChanged.connect(self._switched)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    @classmethod
    def show_for(cls, window) -> PluginManagerDialog:
        dialog = cls(window)
        window.plugin_dialog = dialog  # reachable (tests, and one dialog at a time)
        dialog.open()
        return dialog

    def row_of(self, name: str) -> int:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(NAME) == name:
                return row
        raise KeyError(name)

    def set_enabled(self, name: str, enabled: bool) -> None:
        self.table.item(self.row_of(name), 0).setCheckState(
            Qt.CheckState.Checked if enabled else Qt.CheckState.Unchecked
        )

    def _switched(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self.state.set_enabled(item.data(NAME), item.checkState() == Qt.CheckState.Checked)
