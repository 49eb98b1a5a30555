"""sound2vision encode and decode latency on the CPU, for a 10 s mix: the full-size published
architecture (random weights in the official layout: ResNet-18 f_A, IC-GAN BigGAN at 128 px)
and the bundled demo model; encode split into the front end and f_A."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from studio.api import AudioClip, silent
from studio.audio.mix import mix
from studio.demodata.sound_scenes import Placed, tracks
from studio.demodata.sound_sources import RATE
from studio.weights import ModelStore

from .timing import median_ms


def sound() -> AudioClip:
    """A rain track and a bird track over the ambient bed, looped to 10 s like the front end."""
    ambient, sources = tracks(3, [Placed(0, 6.0), Placed(1, 9.0)])
    clips = [AudioClip(np.tile(x, 5).astype(np.float32), RATE) for x in (ambient, *sources)]
    return mix(clips)


def measure(label: str, model, clip: AudioClip) -> None:
    from studio_sound2vision.frontend import clip_spectrogram

    params = {"gain_db": 0.0, "z_var": 1.0, "variations": 1, "blend": 0.0, "seed": 0}
    inputs = {"sound": clip}
    latent = model.encode(inputs, params, silent())
    encode_ms = median_ms(lambda: model.encode(inputs, params, silent()), repeat=5)
    frontend_ms = median_ms(lambda: clip_spectrogram(clip), repeat=5)
    decode_ms = median_ms(lambda: model.decode(latent, params, silent()), repeat=5)
    eight = {**params, "variations": 8}
    latent8 = model.encode(inputs, eight, silent())
    decode8_ms = median_ms(lambda: model.decode(latent8, eight, silent()), repeat=3)
    size = model.decode(latent, params, silent()).size
    print(
        f"  {label}: encode {encode_ms:.0f} ms (front end {frontend_ms:.0f} ms, f_A "
        f"{encode_ms - frontend_ms:.0f} ms), decode {decode_ms:.0f} ms for one {size[0]}x{size[1]} "
        f"picture, {decode8_ms:.0f} ms for 8 variations ({decode8_ms / decode_ms:.1f}x)"
    )


def main(scratch: str) -> None:
    from studio.weights.entry import open_entry
    from studio_sound2vision import generator, untrained
    from studio_sound2vision.plugin import DEMO_WEIGHTS_DIR

    clip = sound()
    print(f"sound2vision 10 s mix, CPU, {torch.get_num_threads()} threads:")
    store = ModelStore(Path(scratch) / "bench-models")
    full = store.add("sound2vision", "untrained", untrained.make(0), replace=True)
    measure(
        "full size (ResNet-18 f_A, IC-GAN 128 px, random weights)",
        generator.load("cpu", full),
        clip,
    )
    demo = open_entry(DEMO_WEIGHTS_DIR, "sound2vision")
    measure("demo model", generator.load("cpu", demo), clip)
