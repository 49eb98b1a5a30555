"""A project with every kind of edit and both kinds of result, for the save/open tests."""

from __future__ import annotations

import numpy as np

from studio.api import GeneratorInfo, Image, Kind, Latent, ModelRef, Slot, Task
from studio.audio.synth import speech_like, tone
from studio.engine.recipe import Recipe
from studio.ui.model import edits
from studio.ui.model.project import Crossfade, Project, Selection
from studio.ui.model.results import Result, summary
from studio.ui.model.source import Source
from studio.ui.model.track import Track

INFO = GeneratorInfo(
    id="example:voice-to-swatch",
    title="Example swatch",
    task=Task.VOICE_TO_FACE,
    inputs=(Slot("voice", Kind.AUDIO),),
    output=Kind.IMAGE,
    load="studio_example.generator:load",
)


def edited_project() -> tuple[Project, Selection]:
    voice = Source.from_clip(speech_like(2.0, 16000, seed=3))
    hum = Source.from_clip(tone(220.0, 1.0, rate=16000, amplitude=0.4))
    first = Track.from_source(1, "Voice", voice)
    first = edits.gain(first, 1000, 9000, -6.0)
    first = edits.fade_in(first, 0, 4000, "s_curve")
    snippet = edits.copy(first, 2000, 6000)
    first = edits.delete(first, 12000, 14000)
    second = Track.from_source(2, "Hum", hum).replace(volume_db=-3.5, mute=True)
    second = edits.paste(second, 8000, 8000, snippet)  # shares the voice's audio
    second = edits.fade_out(second, 4000, 12000)
    third = Track.from_source(5, "Hum again", hum).replace(solo=True)
    third = edits.trim(third, 100, 15000)
    project = Project((first, second, third), master_db=-1.25, crossfade=Crossfade(1, 2, 0.3))
    return project, Selection(0.25, 0.75, frozenset({1, 5}))


def results() -> list[Result]:
    rng = np.random.default_rng(0)
    recipe = Recipe(
        generator=INFO.id,
        weights={"plugin": "example", "name": "none", "sha256": "0" * 64},
        params={"variation": 0.25},
        seed=7,
        inputs={"voice": {"path": "", "sha256": "1" * 64}},
        app_version="test",
    )
    image = Image(rng.integers(0, 255, (8, 8, 3), dtype=np.uint8))
    latent = Latent({"latent": rng.standard_normal(4).astype(np.float32)}, {"mel": np.ones(3)})
    model = ModelRef("example", "none", "/nowhere", {"size": 8}, "0" * 64)
    first = Result(
        1, INFO, image, recipe, model, latent, latent, {"voice": speech_like(0.5, 16000, seed=2)}
    )
    moved = Latent({"latent": latent.arrays["latent"] + 1}, latent.extras)
    second = first.with_preview(2, moved, tone(330.0, 0.25, rate=8000), np.array([0.5, -0.25]), {})
    return [first, second, Result(**{**first.__dict__, "number": 3, "peaks": summary(image)})]
