"""AVP-GAN latency on the CPU: the GAN stage (encode 8 s of speech, decode a 64x64 face) and the
restoration stage at 512 px (bicubic 64->512, restoration, blend), for the paper-size networks
(untrained weights; the restorer in GFP-GAN v1.4's full layout, ~87M parameters) and the
bundled demo model."""

from __future__ import annotations

import json
from pathlib import Path

import torch

from studio.api import silent
from studio.audio.synth import speech_like
from studio.weights import ModelStore

from .timing import median_ms

PARAMS = {
    "clip_seconds": 8.0,
    "crop_offset": 0.0,
    "variation": 0.0,
    "restore": False,
    "restore_blend": 1.0,
    "view": "restored",
    "vad": True,
    "seed": 0,
}


def models(scratch: str) -> dict:
    from studio.api import ModelRef
    from studio_avpgan import generator, untrained
    from studio_avpgan.plugin import DEMO_WEIGHTS_DIR

    full = ModelStore(Path(scratch) / "bench-models").add(
        "avpgan", "untrained", untrained.make(0), replace=True
    )
    config = json.loads((DEMO_WEIGHTS_DIR / "config.json").read_text())
    demo = ModelRef("avpgan", "demo", DEMO_WEIGHTS_DIR, config, "")
    return {"paper size": generator.load("cpu", full), "demo": generator.load("cpu", demo)}


def main(scratch: str) -> None:
    threads = torch.get_num_threads()
    print(f"avpgan latency, CPU, {threads} threads (median; 8 s of speech):")
    inputs = {"voice": speech_like(8.0, 16000, seed=1)}
    for name, model in models(scratch).items():
        latent = model.encode(inputs, PARAMS, silent())
        encode_ms = median_ms(lambda m=model: m.encode(inputs, PARAMS, silent()))
        gan_ms = median_ms(lambda m=model, z=latent: m.decode(z, PARAMS, silent()))
        restore = dict(PARAMS, restore=True)
        repeat = 3 if name == "paper size" else 7
        restore_ms = median_ms(
            lambda m=model, z=latent, p=restore: m.decode(z, p, silent()), repeat=repeat
        )
        size = model.enhancer.restorer.config.out_size
        print(
            f"  {name:<11} GAN stage: encode {encode_ms:6.1f} ms, decode (64x64) {gan_ms:6.1f} ms; "
            f"with restoration at 512 px (restorer works at {size} px) {restore_ms:7.1f} ms "
            f"(restoration alone ~{restore_ms - gan_ms:7.1f} ms)"
        )
