"""``avpgan:restore-face``: the enhancement stage on its own, for any face picture.

The picture (any size; square faces work best, as the restorer saw aligned crops) is brought
to the restorer's resolution by bicubic resampling and restored to 512x512. There is no slow
half: encode keeps the picture as the latent and decode restores it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from studio.api import Image, Latent, ModelRef, Progress, WeightsError
from studio.ml.checkpoint import load_safetensors

from .layout import build_restorer, split_entry
from .restoration.stage import Enhancer, view


def load(device: str, model: ModelRef) -> RestoreFace:
    parts = split_entry(load_safetensors(model.weights_file))
    if "restorer" not in parts:
        raise WeightsError(
            f"{model.directory}: these weights hold no restoration network; import GFP-GAN "
            "weights with the avpgan 'gfpgan' importer"
        )
    return RestoreFace(Enhancer(build_restorer(model.config, parts["restorer"]).to(device), device))


class RestoreFace:
    def __init__(self, enhancer: Enhancer) -> None:
        self.enhancer = enhancer

    def encode(self, inputs: dict[str, Any], params: dict[str, Any], progress: Progress) -> Latent:
        pixels = np.asarray(inputs["face"].pixels, dtype=np.float32)
        progress.update(1.0)
        return Latent({"face": pixels / 127.5 - 1.0})

    def decode(self, latent: Latent, params: dict[str, Any], progress: Progress) -> Image:
        face = torch.from_numpy(np.asarray(latent.arrays["face"], np.float32)).permute(2, 0, 1)
        progress.update(0.1, "restoring the face")
        upsampled, enhanced = self.enhancer(face[None], params["restore_blend"], params["seed"])
        progress.update(1.0)
        return Image(view(upsampled, enhanced, params["view"]))
