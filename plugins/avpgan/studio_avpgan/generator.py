"""``avpgan:voice-to-face`` at inference.

encode: clip (length and start chosen) -> Voice2Face front end -> frozen encoder -> unit
64-d embedding (the latent the sliders move).
decode: optional seeded variation -> G (CBAM, spectral norm) -> 64x64 face -> optionally the
enhancement stage (bicubic to 512, restoration, blend) shown restored or before/after.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch.nn import functional as F

from studio.api import Image, Latent, ModelRef, Progress
from studio.ml.checkpoint import load_safetensors

from .layout import build_generator, build_restorer, build_voice, split_entry
from .restoration.stage import Enhancer, to_pixels, view
from .voice_input import clip_features

UNIT_NORM_TOLERANCE = 1e-5


def load(device: str, model: ModelRef) -> VoiceToFace:
    parts = split_entry(load_safetensors(model.weights_file))
    config = model.config
    voice = build_voice(config, parts["voice"]).to(device)
    generator = build_generator(config, parts["generator"]).to(device)
    restorer = None
    if "restorer" in parts:
        restorer = build_restorer(config, parts["restorer"]).to(device)
    return VoiceToFace(voice, generator, Enhancer(restorer, device), device)


class VoiceToFace:
    def __init__(self, voice, generator, enhancer: Enhancer, device: str) -> None:
        self.voice = voice
        self.generator = generator
        self.enhancer = enhancer
        self.device = device

    def encode(self, inputs: dict[str, Any], params: dict[str, Any], progress: Progress) -> Latent:
        progress.update(0.0, "finding speech")
        mel, used = clip_features(
            inputs["voice"], params["clip_seconds"], params["crop_offset"], params["vad"]
        )
        progress.update(0.6, f"embedding {used:.1f} s of speech")
        with torch.inference_mode():
            embedding = F.normalize(self.voice(torch.from_numpy(mel)[None].to(self.device)))
        progress.update(1.0)
        return Latent({"embedding": embedding.reshape(-1).cpu().numpy().astype(np.float32)})

    def face(self, latent: Latent, params: dict[str, Any]) -> torch.Tensor:
        """The 64x64 face [1, 3, 64, 64] in [-1, 1] (the paper's intermediate output)."""
        embedding = torch.from_numpy(np.asarray(latent.arrays["embedding"], np.float32))
        embedding = embedding.reshape(1, -1, 1, 1)
        if params["variation"] > 0:
            noise = torch.randn(
                embedding.shape, generator=torch.Generator().manual_seed(params["seed"])
            )
            embedding = F.normalize(embedding + params["variation"] * noise)
        elif abs(float(embedding.norm()) - 1.0) > UNIT_NORM_TOLERANCE:  # moved by a slider
            embedding = F.normalize(embedding)
        with torch.inference_mode():
            return self.generator(embedding.to(self.device)).cpu().clamp(-1, 1)

    def decode(self, latent: Latent, params: dict[str, Any], progress: Progress) -> Image:
        progress.update(0.1, "drawing the face")
        face = self.face(latent, params)
        if not params["restore"]:
            progress.update(1.0)
            return Image(to_pixels(face))
        progress.update(0.4, "restoring the face")
        upsampled, enhanced = self.enhancer(face, params["restore_blend"], params["seed"])
        progress.update(1.0)
        return Image(view(upsampled, enhanced, params["view"]))
