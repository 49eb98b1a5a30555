"""The keyboard shortcuts sheet (Help > Keyboard shortcuts): every menu action and its keys,
read from the menus themselves so the sheet can never disagree with them."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)


def menu_actions(window) -> list[tuple[str, QAction]]:
    """(menu title, action) for every action in the menu bar, submenus included."""
    found = []

    def walk(menu, title: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{title} ▸ {action.text().replace('&', '')}")
            elif not action.isSeparator():
                found.append((title, action))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), top.text().replace("&", ""))
    return found


def keys_text(action: QAction) -> str:
    return ",  ".join(
        key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()
    )


class ShortcutsSheet(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 620)
        rows = menu_actions(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(("Menu", "Action", "Keys"))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (menu, action) in enumerate(rows):
            for column, text in enumerate(
                (menu, action.text().replace("&", ""), keys_text(action) or "(menu only)")
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    @classmethod
    def show_for(cls, window) -> ShortcutsSheet:
        dialog = cls(window)
        window.shortcuts_dialog = dialog
        dialog.open()
        return dialog
