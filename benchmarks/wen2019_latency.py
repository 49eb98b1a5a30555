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
from .timing import median_ms, paired_median_ms

GENERATOR_GFLOP = 1.08  # multiply-adds x2 of the five transposed convolutions


def load_untrained(scratch: str):
    """Our generator, and the plain networks the official code builds, on the same weights."""
    from studio.ml.checkpoint import load_safetensors
    from studio_wen2019 import generator, untrained
    from studio_wen2019.layout import split_entry
    from studio_wen2019.networks import Generator, VoiceEmbedNet

    ref = ModelStore(Path(scratch) / "bench-models").add(
        "wen2019", "untrained", untrained.make(0), replace=True
    )
    voice_state, generator_state = split_entry(load_safetensors(ref.weights_file))
    official = (VoiceEmbedNet().eval(), Generator().eval())
    official[0].load_state_dict(voice_state)
    official[1].load_state_dict(generator_state)
    return generator.load("cpu", ref), official


def official_style(networks, pcm: np.ndarray) -> torch.Tensor:
    """What the official inference does: per-frame features, then e_net and g_net (plain
    torch modules) with autograd on, as gan_test.py calls them."""
    voice, generator = networks
    mel = torch.from_numpy(reference_extract(pcm)[np.newaxis])
    embedding = F.normalize(voice(mel))
    return generator(embedding).detach().clamp(-1, 1)


def main(scratch: str) -> None:
    torch.set_num_threads(torch.get_num_threads())
    model, official = load_untrained(scratch)
    clip = speech_like(6.0, 16000, seed=1)
    inputs = {"voice": clip}
    params = {"variation": 0.0, "vad": True, "vad_aggressiveness": 2, "seed": 0}
    latent = model.encode(inputs, params, silent())
    encode_ms = median_ms(lambda: model.encode(inputs, params, silent()))
    decode_ms = median_ms(lambda: model.decode(latent, params, silent()))

    from studio_wen2019.features import extract, to_pcm16

    pcm = to_pcm16(clip.samples[0])
    features_ms = median_ms(lambda: extract(pcm))
    embedding = torch.from_numpy(latent.arrays["embedding"]).reshape(1, 64, 1, 1)
    with torch.inference_mode():
        generator_ms = median_ms(lambda: model.generator(embedding))
    ours_ms, official_ms = paired_median_ms(
        lambda: model.decode(model.encode(inputs, params, silent()), params, silent()),
        lambda: official_style(official, pcm),
    )
    reference_features_ms = median_ms(lambda: reference_extract(pcm), repeat=5)

    ours = model.decode(model.encode(inputs, params, silent()), params, silent()).pixels
    theirs = official_style(official, pcm)[0]
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
