"""One slider per latent direction; moving any of them asks for a fresh decode."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from studio.api import LatentSpec

from .model.latent import Direction, directions
from .qt_compat import Signal

STEPS = 100  # slider ticks per unit of travel; positions run from -1 to 1


class LatentSliders(QWidget):
    moved = Signal()  # on every change, during drags too
    released = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.axes: list[Direction] = []
        self.sliders: list[QSlider] = []
        self.grid_widget = QWidget()
        self.grid = QGridLayout(self.grid_widget)
        self.grid.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_widget)
        scroll.setMinimumHeight(160)
        self.reset_button = QPushButton("Reset sliders")
        self.reset_button.clicked.connect(self.reset)
        self.hint = QLabel("Generate a result to explore its latent space here.")
        self.hint.setStyleSheet("color: gray")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.reset_button)

    def set_spec(self, spec: LatentSpec | None, basis=None) -> None:
        for slider in self.sliders:
            slider.deleteLater()
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.axes = directions(spec, basis) if spec else []
        self.sliders = []
        for row, axis in enumerate(self.axes):
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(-STEPS, STEPS)
            slider.setToolTip(f"Move the latent along {axis.name}")
            slider.valueChanged.connect(self.moved)
            slider.sliderReleased.connect(self.released)
            self.grid.addWidget(QLabel(axis.name), row, 0)
            self.grid.addWidget(slider, row, 1)
            self.sliders.append(slider)
        self.setEnabled(False)

    def set_active(self, active: bool) -> None:
        """Sliders only mean something once there is a result to move."""
        self.setEnabled(active and bool(self.sliders))
        self.hint.setVisible(not self.isEnabled())

    def positions(self) -> np.ndarray:
        return np.array([slider.value() / STEPS for slider in self.sliders], np.float64)

    def set_positions(self, positions: np.ndarray | None) -> None:
        for index, slider in enumerate(self.sliders):
            slider.blockSignals(True)
            value = 0 if positions is None or index >= len(positions) else positions[index]
            slider.setValue(round(value * STEPS))
            slider.blockSignals(False)

    def reset(self) -> None:
        if self.positions().any():
            self.set_positions(None)
            self.moved.emit()
            self.released.emit()
