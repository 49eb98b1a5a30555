"""Preferences: device (with what this machine has), model cache, audio devices, storage
locations, theme. Saved in the versioned settings file and applied at once."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.host.discovery import user_plugins_dir
from studio.paths import data_dir
from studio.weights import store_root

from .model.devices import available_devices
from .model.settings import THEMES, Preferences

DEFAULT_DEVICE = "system default"


def apply_theme(theme: str) -> None:
    """Follow the system's light/dark choice, or force one (Qt 6.8+ can; older: follow)."""
    app = QApplication.instance()
    hints = app.styleHints() if app is not None else None
    if hints is None or not hasattr(hints, "setColorScheme"):
        return
    scheme = {
        "light": Qt.ColorScheme.Light,
        "dark": Qt.ColorScheme.Dark,
    }.get(theme, Qt.ColorScheme.Unknown)  # Unknown: whatever the system says
    hints.setColorScheme(scheme)


class PreferencesDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Preferences")
        preferences = window.settings.preferences

        self.device = QComboBox()
        self.device.addItem(preferences.device, preferences.device)
        self.device_note = QLabel("checking what this computer has…")
        self.device_note.setStyleSheet("color: gray")
        window.jobs.start(
            lambda progress: available_devices(),
            done=self._devices_found,
            failed=lambda failure: self.device_note.setText(failure.message),
        )
        self.model_cache = QSpinBox()
        self.model_cache.setRange(1, 16)
        self.model_cache.setValue(preferences.model_cache)
        self.model_cache.setSuffix(" models in memory")
        self.model_cache.setToolTip("Switching between this many models needs no reloading")
        self.input_device = self._audio_picker(
            [d.name for d in window.recorder.devices], preferences.input_device
        )
        self.output_device = self._audio_picker(
            [d.name for d in window.transport.devices], preferences.output_device
        )
        self.theme = QComboBox()
        for theme in THEMES:
            self.theme.addItem("follow the system" if theme == "system" else theme, theme)
        self.theme.setCurrentIndex(THEMES.index(preferences.theme))
        self.autosave = QSpinBox()
        self.autosave.setRange(10, 3600)
        self.autosave.setSuffix(" s")
        self.autosave.setValue(preferences.autosave_seconds)
        self.recordings = QLineEdit(str(preferences.recordings()))
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_recordings)
        recordings_row = QHBoxLayout()
        recordings_row.addWidget(self.recordings, 1)
        recordings_row.addWidget(choose)

        form = QFormLayout()
        form.addRow("Run models on", self.device)
        form.addRow("", self.device_note)
        form.addRow("Model cache", self.model_cache)
        form.addRow("Microphone", self.input_device)
        form.addRow("Speakers", self.output_device)
        form.addRow("Theme", self.theme)
        form.addRow("Autosave every", self.autosave)
        form.addRow("Recordings", recordings_row)
        for label, folder in (
            ("Data folder", data_dir()),
            ("Models", store_root()),
            ("User plugins", user_plugins_dir()),
        ):
            form.addRow(label, self._folder_link(folder))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @classmethod
    def show_for(cls, window) -> PreferencesDialog:
        dialog = cls(window)
        dialog.open()
        return dialog

    def _audio_picker(self, names: list[str], chosen: str) -> QComboBox:
        picker = QComboBox()
        picker.addItem(DEFAULT_DEVICE, "")
        for name in dict.fromkeys([*names, *([chosen] if chosen else [])]):
            picker.addItem(name, name)
        picker.setCurrentIndex(max(picker.findData(chosen), 0))
        return picker

    def _folder_link(self, folder) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(str(folder))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        show = QPushButton("Show")
        show.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        layout.addWidget(label, 1)
        layout.addWidget(show)
        return row

    def _devices_found(self, options) -> None:
        current = self.device.currentData()
        self.device.clear()
        for option in options:
            self.device.addItem(option.label, option.value)
        index = self.device.findData(current)
        self.device.setCurrentIndex(max(index, 0))
        gpus = [o.value for o in options if o.value not in ("auto", "cpu")]
        self.device_note.setText(
            f"this computer has: CPU, {', '.join(gpus)}" if gpus else "this computer has: CPU only"
        )

    def _choose_recordings(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Recordings folder", self.recordings.text())
        if folder:
            self.recordings.setText(folder)

    def chosen(self) -> Preferences:
        default_recordings = str(Preferences().recordings())
        recordings = self.recordings.text().strip()
        return dataclasses.replace(
            self.window_.settings.preferences,
            device=self.device.currentData() or "auto",
            model_cache=self.model_cache.value(),
            input_device=self.input_device.currentData() or "",
            output_device=self.output_device.currentData() or "",
            theme=self.theme.currentData(),
            autosave_seconds=self.autosave.value(),
            recordings_folder="" if recordings == default_recordings else recordings,
        )

    def accept(self) -> None:
        settings = self.window_.settings
        settings.preferences = self.chosen()
        settings.save()
        self.window_.apply_preferences()
        super().accept()
