"""SF2F encode and decode latency on the CPU for 6 s and 25 s of speech (8 and 39 segments),
with the full-size paper architecture (untrained weights, multi-resolution decoder: decode
draws both 64x64 and 128x128) and the bundled demo model."""

from __future__ import annotations

from pathlib import Path

import torch

from studio.api import silent
from studio.audio.synth import speech_like
from studio.weights import ModelStore

from .timing import median_ms

PARAMS = {"resolution": 64, "fuser": True, "window_seconds": 1.25, "overlap": 0.5, "seed": 0}


def models(scratch: str) -> dict:
    import json

    from studio.api import ModelRef
    from studio_sf2f import generator, untrained
    from studio_sf2f.plugin import DEMO_WEIGHTS_DIR

    full = ModelStore(Path(scratch) / "bench-models").add(
        "sf2f", "untrained", untrained.make(0), replace=True
    )
    config = json.loads((DEMO_WEIGHTS_DIR / "config.json").read_text())
    demo = ModelRef("sf2f", "demo", DEMO_WEIGHTS_DIR, config, "")
    return {
        "paper size, 64+128 decoder": generator.load("cpu", full),
        "demo": generator.load("cpu", demo),
    }


def main(scratch: str) -> None:
    threads = torch.get_num_threads()
    print(f"sf2f encode/decode latency, CPU, {threads} threads (median of 7):")
    for name, model in models(scratch).items():
        for seconds in (6.0, 25.0):
            inputs = {"voice": speech_like(seconds, 16000, seed=1)}
            latent = model.encode(inputs, PARAMS, silent())
            segments = len(latent.extras["segment_attention"])
            encode_ms = median_ms(lambda m=model, i=inputs: m.encode(i, PARAMS, silent()))
            decode_ms = median_ms(lambda m=model, z=latent: m.decode(z, PARAMS, silent()))
            print(
                f"  {name:<26} {seconds:4.0f} s ({segments:2d} segments): "
                f"encode {encode_ms:7.1f} ms ({encode_ms / segments:5.1f} ms/segment), "
                f"decode {decode_ms:6.1f} ms"
            )
