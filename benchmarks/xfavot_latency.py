"""xfavot encode and decode latency on the CPU for a 4 s utterance and a 128x128 face: every
generator, at the paper's full size (random weights, all 236 M parameters of G^im, G^au,
E^im, E^au, F and the JDC) and with the bundled demo model. Decode of a voice includes the
Griffin-Lim vocoder (32 iterations)."""

from __future__ import annotations

import json

import numpy as np
import torch

from studio.api import silent
from studio.audio.resample import resample
from studio.audio.synth import speech_like

from .timing import median_ms

GENERATORS = {
    "face-to-voice": ("voice", "face"),
    "voice-to-face": ("face", "voice"),
    "face-to-face": ("face", "face"),
    "voice-to-voice": ("voice", "voice"),
    "latent-voice": ("voice", None),
    "latent-face": ("face", None),
}


def face_128():
    from studio.api import Image

    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:128, 0:128]
    pixels = np.full((128, 128, 3), 40, np.uint8)
    pixels[((yy - 64) / 54.0) ** 2 + ((xx - 64) / 42.0) ** 2 < 1] = rng.integers(150, 230, 3)
    return Image(pixels)


def timed(model, given: dict, params: dict, repeat: int) -> tuple[float, float]:
    latent = model.encode(given, params, silent())
    encode_ms = median_ms(lambda: model.encode(given, params, silent()), repeat=repeat)
    decode_ms = median_ms(lambda: model.decode(latent, params, silent()), repeat=repeat)
    return encode_ms, decode_ms


def measure(label: str, modules, repeat: int) -> None:
    from studio_xfavot import generator as xg

    voice = resample(speech_like(4.0, 16000, seed=1), 24000)
    made = {"voice": voice, "face": face_128()}
    print(f"  {label}:")
    for name, (source, reference) in GENERATORS.items():
        if reference is None:
            model = xg.LatentGuided(modules, "cpu", source=source)
            params = {"gender": "female", "speaker": -1, "seed": 0}
            given = {"source": made[source]}
        else:
            cls = {"face-to-voice": xg.FaceToVoice, "voice-to-face": xg.VoiceToFace,
                   "face-to-face": xg.FaceToFace, "voice-to-voice": xg.VoiceToVoice}[name]  # fmt: skip
            model = cls(modules, "cpu")
            params = {"gender": "female", "strength": 1.0, "mix": 0.0, "seed": 0}
            given = {"source": made[source], "reference": made[reference]}
        encode_ms, decode_ms = timed(model, given, params, repeat)
        print(f"    xfavot:{name}: encode {encode_ms:.0f} ms, decode {decode_ms:.0f} ms")


def main(scratch: str) -> None:
    from studio.ml.checkpoint import load_safetensors
    from studio_xfavot.model import XFaVoTConfig, build, from_entry
    from studio_xfavot.networks.blocks import he_init
    from studio_xfavot.plugin import DEMO_WEIGHTS_DIR

    print(f"xfavot, 4 s utterance and 128x128 face, CPU, {torch.get_num_threads()} threads:")
    torch.manual_seed(0)
    full = build(XFaVoTConfig())
    for role, module in full.named().items():
        if role != "f0":
            module.apply(he_init)
    measure("full size (paper configuration, random weights)", full.to("cpu"), repeat=2)
    del full
    config = json.loads((DEMO_WEIGHTS_DIR / "config.json").read_text())
    demo = from_entry(load_safetensors(DEMO_WEIGHTS_DIR / "model.safetensors"), config)
    measure("demo model", demo.to("cpu"), repeat=5)
