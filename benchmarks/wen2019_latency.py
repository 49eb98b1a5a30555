"""wen2019 encode and decode latency on the CPU for a 6 s clip with the full-size official-layout
model, against a literal re-implementation of the official pipeline (per-frame Python log-mel,
networks called as the official gan_test calls them) on the same clip and weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from studio.api import silent
from studio.audio.synth import speech_like
from studio.weights import ModelStore

from .reference_wen2019_features import reference_extract
from .timing import median_ms

GENERATOR_GFLOP = 1.08  # multiply-adds x2 of the five transposed convolutions


def load_untrained(scratch: str):
    from studio_wen2019 import generator, untrained

    ref = ModelStore(Path(scratch) / "bench-models").add(
        "wen2019", "untrained", untrained.make(0), replace=True
    )
    return generator.load("cpu", ref)


def official_style(model, pcm: np.ndarray) -> torch.Tensor:
    """What the official inference does: features, then e_net and g_net with autograd on."""
    mel = torch.from_numpy(reference_extract(pcm)[np.newaxis])
    embedding = F.normalize(model.voice(mel))
    return model.generator(embedding).detach().clamp(-1, 1)


def main(scratch: str) -> None:
    torch.set_num_threads(torch.get_num_threads())
    model = load_untrained(scratch)
    clip = speech_like(6.0, 16000, seed=1)
    inputs = {"voice": clip}
    params = {"variation": 0.0, "vad": True, "vad_aggressiveness": 2, "seed": 0}
    latent = model.encode(inputs, params, silent())
    encode_ms = median_ms(lambda: model.encode(inputs, params, silent()))
    decode_ms = median_ms(lambda: model.decode(latent, params, silent()))
    ours_ms = median_ms(
        lambda: model.decode(model.encode(inputs, params, silent()), params, silent())
    )

    from studio_wen2019.features import extract, to_pcm16

    pcm = to_pcm16(clip.samples[0])
    features_ms = median_ms(lambda: extract(pcm))
    embedding = torch.from_numpy(latent.arrays["embedding"]).reshape(1, 64, 1, 1)
    with torch.inference_mode():
        generator_ms = median_ms(lambda: model.generator(embedding))
    official_ms = median_ms(lambda: official_style(model, pcm), repeat=5)
    reference_features_ms = median_ms(lambda: reference_extract(pcm), repeat=5)

    ours = model.decode(model.encode(inputs, params, silent()), params, silent()).pixels
    theirs = official_style(model, pcm)[0]
    theirs = torch.round((theirs + 1) / 2 * 255).to(torch.uint8).permute(1, 2, 0).numpy()
    same = (
        "identical pixels"
        if np.array_equal(ours, theirs)
        else f"max pixel difference {np.abs(ours.astype(int) - theirs).max()}"
    )

    print(f"wen2019 6 s clip, CPU, {torch.get_num_threads()} threads, full-size untrained weights:")
    print(
        f"  encode {encode_ms:.1f} ms (features {features_ms:.1f} ms), decode {decode_ms:.1f} ms "
        f"(generator {generator_ms:.1f} ms = {GENERATOR_GFLOP / generator_ms * 1000:.0f} GFLOP/s)"
    )
    print(
        f"  end to end {ours_ms:.1f} ms vs official-style pipeline {official_ms:.1f} ms "
        f"(its per-frame features {reference_features_ms:.1f} ms): ratio {ours_ms / official_ms:.2f}; {same}"
    )
