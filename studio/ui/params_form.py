"""A form of controls made from a generator's ``Param`` descriptors."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSlider,
    QSpinBox,
    QWidget,
)

from studio.api import Param

from .qt_compat import Signal

SLIDER_STEPS = 1000
UNBOUNDED = 1e9


class FloatControl(QWidget):
    """A slider with a spin box, for a float with bounds."""

    valueChanged = Signal(float)

    def __init__(self, param: Param, parent=None) -> None:
        super().__init__(parent)
        self.low, self.high = float(param.minimum), float(param.maximum)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.box = QDoubleSpinBox()
        self.box.setRange(self.low, self.high)
        self.box.setDecimals(3)
        self.box.setSingleStep((self.high - self.low) / 100 or 0.01)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.box)
        self.slider.valueChanged.connect(self._slid)
        self.box.valueChanged.connect(self._typed)

    def value(self) -> float:
        return self.box.value()

    def setValue(self, value: float) -> None:
        self.box.setValue(value)

    def _slid(self, step: int) -> None:
        self.box.setValue(self.low + (self.high - self.low) * step / SLIDER_STEPS)

    def _typed(self, value: float) -> None:
        span = self.high - self.low
        self.slider.blockSignals(True)
        self.slider.setValue(round((value - self.low) / span * SLIDER_STEPS) if span else 0)
        self.slider.blockSignals(False)
        self.valueChanged.emit(value)


def make_control(param: Param) -> tuple[QWidget, Any]:
    """The widget for ``param`` and the signal it emits when the user changes it."""
    if param.choices:
        box = QComboBox()
        for choice in param.choices:
            box.addItem(str(choice), choice)
        return box, box.currentIndexChanged
    if param.type is bool:
        check = QCheckBox()
        return check, check.toggled
    if param.type is float and param.minimum is not None and param.maximum is not None:
        control = FloatControl(param)
        return control, control.valueChanged
    if param.type is float:
        spin = QDoubleSpinBox()
        spin.setRange(
            UNBOUNDED * -1 if param.minimum is None else param.minimum,
            UNBOUNDED if param.maximum is None else param.maximum,
        )
        spin.setDecimals(4)
        return spin, spin.valueChanged
    if param.type is int:
        spin = QSpinBox()
        spin.setRange(
            -(2**31) if param.minimum is None else int(param.minimum),
            2**31 - 1 if param.maximum is None else int(param.maximum),
        )
        return spin, spin.valueChanged
    line = QLineEdit()
    return line, line.textChanged


def read(widget: QWidget) -> Any:
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QLineEdit):
        return widget.text()
    return widget.value()


def write(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(widget.findData(value), 0))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QLineEdit):
        widget.setText(str(value))
    else:
        widget.setValue(value)


class ParamsForm(QWidget):
    changed = Signal(str)  # the name of the param the user changed

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.params: tuple[Param, ...] = ()
        self.controls: dict[str, QWidget] = {}

    def set_params(self, params: tuple[Param, ...]) -> None:
        while self.layout_.rowCount():
            self.layout_.removeRow(0)
        self.params = params
        self.controls = {}
        for param in params:
            control, signal = make_control(param)
            write(control, param.default)
            control.setToolTip(param.help)
            signal.connect(lambda *_, name=param.name: self.changed.emit(name))
            label = param.title or param.name.replace("_", " ").capitalize()
            self.layout_.addRow(label + (" ⚡" if param.live else ""), control)
            self.controls[param.name] = control

    def values(self) -> dict[str, Any]:
        return {name: read(control) for name, control in self.controls.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            if name in self.controls:
                control = self.controls[name]
                control.blockSignals(True)
                write(control, value)
                control.blockSignals(False)

    def is_live(self, name: str) -> bool:
        return any(param.name == name and param.live for param in self.params)
