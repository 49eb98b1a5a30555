"""The generator panel: task, model and weights pickers from the plugins' descriptors, params,
seed with lock and dice, Generate that turns into Cancel, honest progress, the status area,
and latent sliders that re-run only the decoder."""

from __future__ import annotations

import random

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.api import GeneratorInfo, Task
from studio.api.errors import WeightsError
from studio.app.context import Context
from studio.engine.enhance import can_enhance
from studio.engine.weights_choice import UNTRAINED
from studio.evaluation.best_model import best_voice_to_face
from studio.ml.latent_basis import read_latent_basis

from .document import Document
from .generation import GenerationController, Order, Preview
from .image_inputs import ImageInputs
from .latent_sliders import LatentSliders
from .model.results import Result
from .model.weights_choices import weights_choices
from .params_form import ParamsForm
from .qt_compat import Signal
from .status import StatusArea
from .workers import Failure

MAX_SEED = 2**31 - 1
DEVICES = ("auto", "cpu", "cuda", "mps")


def task_label(task: Task) -> str:
    return task.value.replace("-", " ").capitalize()


class GeneratorPanel(QWidget):
    resultReady = Signal(object)  # Result, new in the history
    previewReady = Signal(object)  # Result moved by sliders or live params

    def __init__(
        self, context: Context, document: Document, controller: GenerationController, parent=None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.document = document
        self.controller = controller
        self.current: Result | None = None  # the result the sliders move
        self._preview_number: int | None = None

        self.task = QComboBox()
        self.model = QComboBox()
        self.weights = QComboBox()
        self.weights.setToolTip("Which trained weights the model runs on")
        self.device = QComboBox()
        self.device.addItems(DEVICES)
        self.device.setToolTip("Where the model runs: auto picks CUDA, then Apple MPS, then CPU")
        pickers = QFormLayout()
        pickers.addRow("Task", self.task)
        pickers.addRow("Model", self.model)
        pickers.addRow("Weights", self.weights)
        pickers.addRow("Device", self.device)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: gray")

        self.images = ImageInputs(controller.jobs)
        self.images.failed.connect(self._image_failed)

        self.params = ParamsForm()
        params_box = QGroupBox("Parameters  (⚡ = updates live)")
        QVBoxLayout(params_box).addWidget(self.params)

        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SEED)
        self.seed.setToolTip("The same seed, input and params give the same result")
        self.seed_lock = QToolButton(text="Lock", checkable=True, checked=True)
        self.seed_lock.setToolTip("Locked: keep this seed. Unlocked: a new seed for every Generate")
        dice = QToolButton(text="Random", toolTip="A random seed")
        dice.clicked.connect(self.roll_seed)
        seed_row = QHBoxLayout()
        seed_row.addWidget(QLabel("Seed"))
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(self.seed_lock)
        seed_row.addWidget(dice)

        self.generate_button = QPushButton("Generate")
        self.generate_button.setMinimumHeight(36)
        self.generate_button.setStyleSheet("font-weight: bold")
        self.generate_button.clicked.connect(self.generate_or_cancel)
        self.enhance = QCheckBox("Enhance")
        self.enhance.setToolTip(
            "Lift the face to 512 px with the installed face restorer after generating"
        )
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.progress_label.setStyleSheet("color: gray")
        self.status = StatusArea()
        self.images.message.connect(self.status.show_message)  # how a picture was cropped

        self.sliders = LatentSliders()
        latent_box = QGroupBox("Latent sliders")
        QVBoxLayout(latent_box).addWidget(self.sliders)

        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.description)
        layout.addWidget(self.images)
        layout.addWidget(params_box)
        layout.addLayout(seed_row)
        generate_row = QHBoxLayout()
        generate_row.addWidget(self.generate_button, 1)
        generate_row.addWidget(self.enhance)
        layout.addLayout(generate_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.status)
        layout.addWidget(latent_box, 1)
        self._set_running(False)

        self.task.currentIndexChanged.connect(self._task_chosen)
        self.model.currentIndexChanged.connect(self._model_chosen)
        self.weights.currentIndexChanged.connect(self.check_weights)
        self.params.changed.connect(self._param_changed)
        self.sliders.moved.connect(self._sliders_moved)
        controller.started.connect(lambda: self._set_running(True))
        controller.finished.connect(lambda: self._set_running(False))
        controller.progress.connect(self._progress)
        controller.failed.connect(self.show_failure)
        controller.cancelled.connect(lambda: self.status.show_message("Cancelled."))
        controller.resultReady.connect(self._result_ready)
        controller.previewReady.connect(self._preview_ready)
        self._fill_tasks()

    # -- pickers ------------------------------------------------------------------------------

    @property
    def info(self) -> GeneratorInfo | None:
        generator_id = self.model.currentData()
        return self.context.host.generators.get(generator_id) if generator_id else None

    def _fill_tasks(self) -> None:
        tasks = {info.task for info in self.context.host.generators.values()}
        for task in Task:
            if task in tasks:
                self.task.addItem(task_label(task), task)
        # A first start opens on the voice→face model whose demo weights scored best.
        best = best_voice_to_face(self.context.host.generators.values())
        if best is not None:
            self.select_generator(best)
        if not tasks:
            failures = "; ".join(str(f) for f in self.context.host.failures)
            self.status.show_message(
                "No generators found: install a plugin." + (f" ({failures})" if failures else "")
            )
            self.generate_button.setEnabled(False)

    def _task_chosen(self) -> None:
        task = self.task.currentData()
        self.model.blockSignals(True)
        self.model.clear()
        for info in self.context.host.generators.values():
            if info.task == task:
                self.model.addItem(info.title, info.id)
        self.model.blockSignals(False)
        self._model_chosen()

    def _model_chosen(self) -> None:
        info = self.info
        if info is None:
            return
        self.description.setText(info.description or info.paper)
        self.params.set_params(info.params)
        self.images.set_slots(info.inputs)
        self.weights.blockSignals(True)
        self.weights.clear()
        for choice in weights_choices(info, self.context.store):
            self.weights.addItem(choice.label, choice.value)
        self.weights.blockSignals(False)
        self.weights.setEnabled(self.weights.count() > 1)
        self.sliders.set_spec(info.latent)
        self.enhance.setVisible(can_enhance(self.context.host, info))
        self._show_result(None)
        self.status.clear()
        self.check_weights()

    def select_generator(self, generator_id: str) -> None:
        info = self.context.host.generators.get(generator_id)
        if info is None or generator_id == self.model.currentData():
            return
        self.task.setCurrentIndex(self.task.findData(info.task))
        self.model.setCurrentIndex(self.model.findData(generator_id))

    def select_weights(self, value: str | None) -> None:
        index = self.weights.findData(value)
        if index >= 0:
            self.weights.setCurrentIndex(index)

    def check_weights(self) -> None:
        """Say at once (cheaply, nothing is loaded) when the chosen weights are not there."""
        info = self.info
        choice = self.weights.currentData()
        if info is None or choice == UNTRAINED:
            self.status.clear()
            if info is not None:
                self.sliders.set_spec(info.latent)
            return
        try:
            ref = self.context.engine.weights(info, choice)
        except WeightsError as error:
            self.show_failure(Failure(str(error), str(error), True, error))
        else:
            self.status.clear()
            if info.latent is not None:  # named directions when the weights carry them
                self.sliders.set_spec(
                    info.latent, read_latent_basis(ref.directory, info.latent.dim)
                )

    def set_default_device(self, device: str) -> None:
        """Use ``device`` (from the preferences) unless a project chose another."""
        if self.device.findText(device) < 0:
            self.device.addItem(device)  # cuda:1 and such: named in full
        self.device.setCurrentIndex(self.device.findText(device))

    # -- remembered with the project --------------------------------------------------------

    def settings(self) -> dict:
        """The choices a project file keeps: generator, weights, params, seed, device."""
        return {
            "generator": self.model.currentData(),
            "weights": self.weights.currentData(),
            "params": self.params.values(),
            "seed": self.seed.value(),
            "seed_locked": self.seed_lock.isChecked(),
            "device": self.device.currentText(),
        }

    def apply_settings(self, settings: dict) -> None:
        if settings.get("generator"):
            self.select_generator(settings["generator"])
        if "weights" in settings:
            self.select_weights(settings["weights"])
        self.params.set_values(settings.get("params") or {})
        if isinstance(settings.get("seed"), int):
            self.seed.setValue(settings["seed"])
        self.seed_lock.setChecked(bool(settings.get("seed_locked", True)))
        index = self.device.findText(str(settings.get("device", "")))
        if index >= 0:
            self.device.setCurrentIndex(index)

    # -- seed --------------------------------------------------------------------------------

    def roll_seed(self) -> None:
        self.seed.setValue(random.randint(0, MAX_SEED))

    # -- generating ---------------------------------------------------------------------------

    def generate_or_cancel(self) -> None:
        if self.controller.busy:
            self.controller.cancel()
            self.progress_label.setText("cancelling…")
            return
        info = self.info
        if info is None:
            return
        if not self.seed_lock.isChecked():
            self.roll_seed()
        self.status.clear()
        self.controller.generate(self.order())

    def order(self) -> Order:
        device = self.device.currentText()
        return Order(
            info=self.info,
            weights=self.weights.currentData(),
            params=self.params.values(),
            seed=self.seed.value(),
            device=None if device == "auto" else device,
            project=self.document.project,
            selection=self.document.selection,
            images=self.images.images(),
            enhance=not self.enhance.isHidden() and self.enhance.isChecked(),
        )

    def rerun(self, result: Result, enhance: bool | None = None) -> None:
        """Make ``result`` again from its recipe: on the very input it was made from, or from
        its latent when sliders moved it."""
        self.select_generator(result.info.id)
        self.select_weights(result.weights)
        self.params.set_values(result.recipe.params)
        self.seed.setValue(result.recipe.seed)
        self.enhance.setChecked(result.recipe.enhance is not None if enhance is None else enhance)
        if not self.controller.busy:
            self.status.clear()
            latent = result.latent if result.derived_from is not None else None
            self.controller.generate(self.order(), inputs=result.inputs, latent=latent)

    def _set_running(self, running: bool) -> None:
        self.generate_button.setText("Cancel" if running else "Generate")
        self.generate_button.setToolTip(
            "Stop this generation" if running else "Run the model on the selected audio"
        )
        self.progress.setVisible(running)
        self.progress_label.setVisible(running)
        for widget in (self.task, self.model, self.weights, self.device):
            widget.setEnabled(
                not running and (widget is not self.weights or self.weights.count() > 1)
            )
        self.sliders.set_active(not running and self.current is not None)
        if running:
            self._progress(0.0, "starting")

    def _progress(self, fraction: float, message: str) -> None:
        # No fraction yet (loading torch or the model): say so with a busy bar rather than a
        # percentage that does not move.
        if fraction <= 0.0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(round(fraction * 100))
        if message:
            self.progress_label.setText(message)

    def _image_failed(self, message: str) -> None:
        self.status.show_failure(Failure(message, message, True))

    def show_failure(self, failure: Failure) -> None:
        self.status.show_failure(failure)
        info = self.info
        if isinstance(failure.error, WeightsError) and info is not None and info.untrained:
            self.status.set_action("Use untrained weights", lambda: self.select_weights(UNTRAINED))

    def _result_ready(self, result: Result) -> None:
        self._show_result(result)
        self.status.show_message(f"Result #{result.number} ready.")
        self.resultReady.emit(result)

    # -- sliders and live params --------------------------------------------------------------

    def show_result(self, result: Result) -> None:
        """Make ``result`` the one sliders move (when picked in the history strip)."""
        self.select_generator(result.info.id)
        self.params.set_values(result.recipe.params)
        self._show_result(result)

    def _show_result(self, result: Result | None) -> None:
        self.current = result
        self._preview_number = result.number if result and result.derived_from else None
        self.sliders.set_positions(result.positions if result else None)
        self.sliders.set_active(result is not None and not self.controller.busy)

    def _param_changed(self, name: str) -> None:
        if self.params.is_live(name):
            self._request_preview()

    def _sliders_moved(self) -> None:
        self._request_preview()

    def _request_preview(self) -> None:
        result = self.current
        if result is None or self.controller.busy or result.info.id != self.model.currentData():
            return
        if self._preview_number is None:
            self._preview_number = self.controller.next_number()
        self.controller.preview(
            Preview(
                result,
                self._preview_number,
                self.sliders.axes,
                self.sliders.positions(),
                self.params.values(),
            )
        )

    def _preview_ready(self, result: Result) -> None:
        if self.current is not None and result.number == self._preview_number:
            self.current = result
        self.previewReady.emit(result)
