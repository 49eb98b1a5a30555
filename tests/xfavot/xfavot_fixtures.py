"""Helpers of the xfavot tests: a tiny configuration and the inputs a new user would give.

(A module of its own, not conftest: several test folders have a conftest.py, and a plain
``from conftest import`` would pick whichever was imported first.)"""

from __future__ import annotations

import numpy as np

from studio.api import AudioClip, Image
from studio.audio.synth import speech_like
from studio_xfavot.model import XFaVoTConfig
from studio_xfavot.networks.audio import AudioConfig
from studio_xfavot.networks.image import ImageConfig
from studio_xfavot.networks.jdc import JDCConfig
from studio_xfavot.networks.mapping import MappingConfig

TINY = XFaVoTConfig(
    image=ImageConfig(img_size=32, dim_in=4, max_conv_dim=8),
    audio=AudioConfig(dim_in=4, max_conv_dim=8, f0_channel=8, num_speakers=3),
    mapping=MappingConfig(hidden_dim=8, num_speakers=3),
    jdc=JDCConfig(widths=(4, 4, 8, 8), lstm_hidden=4),
)


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
