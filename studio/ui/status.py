"""A one-line status: a message or an error, its detail one click away, and an optional fix
button (for example "Use untrained weights" after a missing-weights error)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from .workers import Failure


class StatusArea(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QPushButton("Details")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.action_button = QPushButton()
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setMaximumHeight(160)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.action_button)
        row.addWidget(self.details_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.detail)
        self._action: Callable[[], None] | None = None
        self.action_button.clicked.connect(self._run_action)
        self.clear()

    @property
    def text(self) -> str:
        return self.label.text()

    def clear(self) -> None:
        self.show_message("")

    def show_message(self, text: str) -> None:
        self.label.setStyleSheet("")
        self.label.setText(text)
        self._set_detail("")
        self.set_action(None)

    def show_failure(self, failure: Failure) -> None:
        self.label.setStyleSheet("color: #d9534f")
        self.label.setText(failure.message)
        self._set_detail(failure.detail if failure.detail != failure.message else "")
        self.set_action(None)

    def set_action(self, label: str | None, action: Callable[[], None] | None = None) -> None:
        self._action = action
        self.action_button.setText(label or "")
        self.action_button.setVisible(bool(label))

    def _set_detail(self, detail: str) -> None:
        self.detail.setPlainText(detail)
        self.details_button.setChecked(False)
        self.details_button.setVisible(bool(detail))
        self.detail.setVisible(False)

    def _toggle_details(self, shown: bool) -> None:
        self.detail.setVisible(shown)

    def _run_action(self) -> None:
        if self._action is not None:
            self._action()
