"""Tiny XFaVoT entries (random weights) and the inputs a new user would give the generators."""

from __future__ import annotations

import json

import numpy as np
import pytest

from studio.api import AudioClip, Image, ModelRef
from studio.audio.synth import speech_like
from studio.ml.checkpoint import save_safetensors
from studio_xfavot.model import XFaVoTConfig
from studio_xfavot.networks.audio import AudioConfig
from studio_xfavot.networks.image import ImageConfig
from studio_xfavot.networks.jdc import JDCConfig
from studio_xfavot.networks.mapping import MappingConfig
from studio_xfavot.untrained import make

TINY = XFaVoTConfig(
    image=ImageConfig(img_size=32, dim_in=4, max_conv_dim=8),
    audio=AudioConfig(dim_in=4, max_conv_dim=8, f0_channel=8, num_speakers=3),
    mapping=MappingConfig(hidden_dim=8, num_speakers=3),
    jdc=JDCConfig(widths=(4, 4, 8, 8), lstm_hidden=4),
)


@pytest.fixture(scope="session")
def tiny_entry(tmp_path_factory) -> ModelRef:
    folder = tmp_path_factory.mktemp("tiny-xfavot")
    weights = make(seed=3, config=TINY)
    save_safetensors(folder / "model.safetensors", weights.tensors)
    (folder / "config.json").write_text(json.dumps(weights.config))
    return ModelRef("xfavot", "tiny", folder, weights.config, "0" * 64)


def voice(seconds: float = 1.3, rate: int = 22050, seed: int = 1) -> AudioClip:
    """Speech-like audio at an odd length and a rate the model does not use."""
    from studio.audio.resample import resample

    return resample(speech_like(seconds, 16000, seed=seed), rate)


def face(size: tuple[int, int] = (75, 61), seed: int = 0) -> Image:
    """A drawn face-like picture (skin oval, eyes, mouth) of an odd, non-square size."""
    height, width = size
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width]
    pixels = np.full((height, width, 3), 40, np.uint8)
    oval = ((yy - height / 2) / (0.42 * height)) ** 2 + ((xx - width / 2) / (0.33 * width)) ** 2 < 1
    pixels[oval] = rng.integers(150, 230, 3)
    for ex in (0.38, 0.62):
        pixels[(abs(yy - 0.42 * height) < 2) & (abs(xx - ex * width) < 3)] = 20
    pixels[(abs(yy - 0.68 * height) < 2) & (abs(xx - width / 2) < 7)] = (150, 40, 50)
    return Image(pixels)


@pytest.fixture
def inputs_of():
    def build(source: str, reference: str, second: bool = False) -> dict:
        made = {"voice": lambda s: voice(seed=s), "face": lambda s: face(seed=s)}
        values = {"source": made[source](1), "reference": made[reference](2)}
        if second:
            values["reference_b"] = made[reference](3)
        return values

    return build
