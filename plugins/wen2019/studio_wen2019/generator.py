"""``wen2019:voice-to-face`` at inference: voice -> 64-d embedding (encode) -> 64x64 face (decode).

encode follows the official pipeline exactly (shared/specs/wen2019.md §7.4): 16 kHz mono int16, WebRTC VAD,
Sphinx-style log-mel, per-utterance normalisation, tiling to 1000 frames, F_e, L2 norm.
decode adds the optional ``variation`` noise (the official training perturbation, used here as
a creative control; 0 is the paper's inference), renormalises and runs F_g.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch.nn import functional as F

from studio.api import Image, Latent, ModelRef, Progress
from studio.ml.checkpoint import load_safetensors
from studio.ml.deconv import with_gemm_transposed_convs

from .layout import split_entry
from .networks import Generator, GeneratorConfig, VoiceConfig, VoiceEmbedNet
from .voice_input import clip_features

UNIT_NORM_TOLERANCE = 1e-5


def load(device: str, model: ModelRef) -> VoiceToFace:
    voice_state, generator_state = split_entry(load_safetensors(model.weights_file))
    config = model.config
    voice = VoiceEmbedNet(VoiceConfig(**_tuples(config["voice"])))
    generator = Generator(GeneratorConfig(**_tuples(config["generator"])))
    voice.load_state_dict(voice_state)
    generator.load_state_dict(generator_state)
    if device == "cpu":  # oneDNN's deconvolution is about 2x slower than GEMM + fold at batch 1
        generator = with_gemm_transposed_convs(generator)
    return VoiceToFace(voice.to(device).eval(), generator.to(device).eval(), device)


def _tuples(section: dict[str, Any]) -> dict[str, Any]:
    return {
        key: tuple(value) if isinstance(value, list) else value for key, value in section.items()
    }


class VoiceToFace:
    def __init__(self, voice: VoiceEmbedNet, generator: Generator, device: str) -> None:
        self.voice = voice
        self.generator = generator
        self.device = device

    def encode(self, inputs: dict[str, Any], params: dict[str, Any], progress: Progress) -> Latent:
        progress.update(0.0, "finding speech")
        mel = clip_features(inputs["voice"], params["vad_aggressiveness"], params["vad"])
        progress.update(0.6, "embedding the voice")
        with torch.inference_mode():
            embedding = F.normalize(self.voice(torch.from_numpy(mel)[None].to(self.device)))
        progress.update(1.0)
        return Latent({"embedding": embedding.reshape(-1).cpu().numpy().astype(np.float32)})

    def decode(self, latent: Latent, params: dict[str, Any], progress: Progress) -> Image:
        embedding = torch.from_numpy(np.asarray(latent.arrays["embedding"], np.float32)).reshape(
            1, -1, 1, 1
        )
        variation = params["variation"]
        if variation > 0:
            noise = torch.randn(
                embedding.shape, generator=torch.Generator().manual_seed(params["seed"])
            )
            embedding = F.normalize(embedding + variation * noise)
        elif abs(float(embedding.norm()) - 1.0) > UNIT_NORM_TOLERANCE:  # moved by a slider
            embedding = F.normalize(embedding)
        progress.update(0.1, "drawing the face")
        with torch.inference_mode():
            face = self.generator(embedding.to(self.device))[0].clamp(-1, 1)
        pixels = torch.round((face + 1) / 2 * 255).to(torch.uint8).permute(1, 2, 0).cpu().numpy()
        progress.update(1.0)
        return Image(np.ascontiguousarray(pixels))
