"""Running generators for the panel: Generate (encode + decode, cancellable, with progress)
and live previews (decode only) when latent sliders or live params move.

Both run in workers; previews go through a Coalescer, so at most one decode is in flight and
a drag only ever waits for the newest position. The engine is used by one job at a time.
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QObject

from studio.api import GeneratorInfo, Image, Kind, Latent, Progress
from studio.api.errors import InputError
from studio.app.context import Context
from studio.engine import GenerateRequest

from .model.coalescer import Coalescer
from .model.latent import Direction, moved
from .model.mixdown import mix_selection, selected_tracks
from .model.project import Project, Selection
from .model.results import Result, summary
from .qt_compat import Signal
from .torch_preload import preload_torch
from .workers import Job, Jobs

LOADING_TORCH = "starting the model runtime (first time only)"


@dataclass(frozen=True)
class Order:
    """What Generate was asked to do, with a snapshot of the project to take the input from."""

    info: GeneratorInfo
    weights: str | None
    params: dict[str, Any]
    seed: int
    device: str | None
    project: Project
    selection: Selection
    images: dict[str, Image] = field(default_factory=dict)  # the image slots' pictures
    enhance: bool = False  # restore the face picture after generating (Enhance)


@dataclass(frozen=True)
class Preview:
    base: Result
    number: int
    axes: list[Direction]
    positions: np.ndarray
    params: dict[str, Any]


class GenerationController(QObject):
    started = Signal()
    progress = Signal(float, str)
    resultReady = Signal(object)  # Result
    previewReady = Signal(object)  # Result
    failed = Signal(object)  # Failure
    cancelled = Signal()
    finished = Signal()  # a generation ended, however it ended

    def __init__(self, context: Context, jobs: Jobs, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.jobs = jobs
        self.job: Job | None = None
        self.results = 0
        self._previews: Coalescer[Preview] = Coalescer(self._start_preview)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def next_number(self) -> int:
        self.results += 1
        return self.results

    # -- Generate -------------------------------------------------------------------------

    def generate(
        self, order: Order, inputs: dict[str, Any] | None = None, latent: Latent | None = None
    ) -> None:
        """Start a generation. Re-running a result passes its ``inputs`` (instead of the
        selection) or, for a result moved by sliders, its ``latent`` (decoded as it is)."""
        if self.busy:
            return
        self._previews.clear()
        self.job = self.jobs.start(
            lambda progress: self._run(order, inputs, latent, progress),
            done=self._generated,
            failed=self.failed,
            progress=self.progress,
            cancelled=self.cancelled,
            finished=self._finished,
        )
        self.started.emit()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _run(
        self,
        order: Order,
        inputs: dict[str, Any] | None,
        latent: Latent | None,
        progress: Progress,
    ) -> Result:
        if "torch" not in sys.modules:
            progress.update(0.0, LOADING_TORCH)
            preload_torch()
        input_start, input_tracks = None, frozenset()
        if latent is not None:
            inputs = {}
        elif inputs is None:
            progress.update(0.0, "mixing the selection")
            inputs = take_inputs(order)
            if any(slot.kind is Kind.AUDIO for slot in order.info.inputs):
                selection = order.selection
                input_start = selection.start if selection.is_range else 0.0
                input_tracks = frozenset(t.id for t in selected_tracks(order.project, selection))
        request = GenerateRequest(
            generator=order.info.id,
            inputs=inputs,
            params=dict(order.params),
            seed=order.seed,
            weights=order.weights,
            device=order.device,
            latent=latent,
        )
        engine = self.context.engine
        result = engine.generate(request, progress.span(0.0, 0.7 if order.enhance else 1.0))
        if order.enhance and result.info.output is Kind.IMAGE:
            from studio.engine.enhance import Restoration, enhance

            progress.update(0.7, "enhancing the face")
            how = Restoration(device=order.device)
            result = enhance(engine, result, how, progress.span(0.7, 1.0))
        return Result(
            number=0,  # numbered on the GUI thread, in the order results arrive
            info=result.info,
            output=result.output,
            recipe=result.recipe,
            model=result.model,
            encoded=result.latent,
            latent=result.latent,
            inputs=inputs,
            weights=order.weights,
            peaks=summary(result.output),
            input_start=input_start,
            input_tracks=input_tracks,
        )

    def _generated(self, result: Result) -> None:
        self.resultReady.emit(dataclasses.replace(result, number=self.next_number()))

    def _finished(self) -> None:
        self.job = None
        self.finished.emit()

    # -- live previews ----------------------------------------------------------------------

    def preview(self, preview: Preview) -> None:
        """Decode ``preview.base``'s latent moved to ``positions`` with ``params``."""
        self._previews.request(preview)

    def _start_preview(self, preview: Preview) -> None:
        self.jobs.start(
            lambda progress: self._decode(preview, progress),
            done=self.previewReady,
            failed=self.failed,
            finished=self._previews.finished,
        )

    def _decode(self, preview: Preview, progress: Progress) -> Result:
        base = preview.base
        spec = base.info.latent
        latent = (
            moved(base.encoded, spec, preview.axes, preview.positions) if spec else base.encoded
        )
        params = {**preview.params, "seed": base.recipe.seed}
        output = self.context.engine.redecode(
            base.info, base.model, base.recipe.device, latent, params, progress
        )
        if base.recipe.enhance:  # an enhanced result's sliders show enhanced faces
            from studio.engine.enhance import Restoration, enhance_picture

            how = Restoration.recorded(base.recipe.enhance)
            output, _ = enhance_picture(self.context.engine, base.info, output, base.recipe, how)
        return base.with_preview(preview.number, latent, output, preview.positions, params)


def take_inputs(order: Order) -> dict[str, Any]:
    """The generator's inputs: audio slots get the mix of the selection, image slots the
    picture in their box."""
    inputs: dict[str, Any] = {}
    for slot in order.info.inputs:
        if slot.kind is Kind.AUDIO:
            inputs[slot.name] = mix_selection(order.project, order.selection)
        elif slot.name in order.images:
            inputs[slot.name] = order.images[slot.name]
        elif not slot.optional:
            raise InputError(
                slot.title or slot.name,
                "choose a picture for it first (drop one on its box, or Choose…)",
            )
    return inputs
