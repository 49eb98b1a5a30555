"""``sound2vision:sound-to-scene`` at inference: sound -> z^A (encode) -> G(z, z^A / |z^A|) (decode).

encode follows the official test.py: the mixed sound (gain ``gain_db``, paper M1; the mixer
does M2/M3 on the waveforms) through the front end and f_A; with an image and ``blend`` λ > 0
the feature becomes λ z^V + (1 - λ) z^A (paper M4, on unit features); the noise is
z ~ N(0, z_var^2 I) per variation, drawn from the seed (``z_var`` = 0 gives z = 0, so the
picture is a pure function of the sound). The latent holds ``feature`` (unit norm, as G
receives it; the sliders move it) and ``z``; decode renormalises a moved feature and draws
one image per row of z, side by side.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch.nn import functional as F

from studio.api import Image, InputError, Latent, ModelRef, Progress, WeightsError
from studio.ml.checkpoint import load_safetensors

from .frontend import clip_spectrogram
from .image_input import frame_tensor
from .latent_ops import blend
from .layout import configs, split_entry
from .networks.biggan import Generator
from .networks.resnets import AudioEncoder, ImageEncoder

UNIT_NORM_TOLERANCE = 1e-5
GRID_COLUMNS = 4


def load(device: str, model: ModelRef) -> SoundToScene:
    audio_config, generator_config, image_config = configs(model.config)
    parts = split_entry(load_safetensors(model.weights_file))
    # Built on the meta device and given the stored tensors: no time spent on random init.
    with torch.device("meta"):
        audio = AudioEncoder(audio_config)
        generator = Generator(generator_config)
        image = ImageEncoder(image_config) if image_config is not None else None
    audio.load_state_dict(parts["audio"], assign=True)
    generator.load_state_dict(parts["generator"], assign=True)
    if image is not None:
        image.net.load_state_dict(parts["image"], assign=True)
        image = image.to(device).eval()
    return SoundToScene(audio.to(device).eval(), generator.to(device).eval(), image, device)


def noise(seed: int, variations: int, dim_z: int, z_var: float) -> np.ndarray:
    """(variations, dim_z) float32 ~ N(0, z_var^2), determined by the seed alone (test.py draws
    ``normal_(mean=0, std=z_var)``)."""
    generator = torch.Generator().manual_seed(int(seed))
    z = torch.randn(variations, dim_z, generator=generator) * float(z_var)
    return z.numpy().astype(np.float32)


class SoundToScene:
    def __init__(
        self,
        audio: AudioEncoder,
        generator: Generator,
        image: ImageEncoder | None,
        device: str,
    ) -> None:
        self.audio, self.generator, self.image, self.device = audio, generator, image, device

    @property
    def dim_z(self) -> int:
        return self.generator.dim_z

    def audio_feature(self, spectrograms: np.ndarray) -> torch.Tensor:
        """z^A (B, 2048) of (B, 257, 1004) spectrograms."""
        with torch.inference_mode():
            batch = torch.from_numpy(np.asarray(spectrograms, np.float32))[:, None]
            return self.audio(batch.to(self.device)).cpu()

    def image_feature(self, picture: Image) -> torch.Tensor:
        if self.image is None:
            raise WeightsError(
                "these weights have no image encoder: import SwAV's swav.pth.tar together with "
                "the other files to blend with an image"
            )
        with torch.inference_mode():
            pixels = frame_tensor(picture.pixels, self.image.config).to(self.device)
            return self.image(pixels).cpu()

    def encode(self, inputs: dict[str, Any], params: dict[str, Any], progress: Progress) -> Latent:
        progress.update(0.0, "computing the spectrogram")
        spectrogram = clip_spectrogram(inputs["sound"], params["gain_db"])
        progress.update(0.3, "encoding the sound")
        audio = self.audio_feature(spectrogram[None])[0]
        extras = {"audio_feature": audio.numpy().astype(np.float32)}
        feature = F.normalize(audio, dim=0)
        weight = params["blend"]
        picture = inputs.get("image")
        if weight > 0 and picture is None:
            raise InputError("blend", f"λ = {weight} blends with an image: give one (--image)")
        if picture is not None:
            progress.update(0.7, "encoding the image")
            visual = self.image_feature(picture)[0]
            extras["image_feature"] = visual.numpy().astype(np.float32)
            feature = blend(visual, audio, weight)
        z = noise(params["seed"], params["variations"], self.dim_z, params["z_var"])
        progress.update(1.0)
        return Latent({"feature": feature.numpy().astype(np.float32), "z": z}, extras)

    def decode(self, latent: Latent, params: dict[str, Any], progress: Progress) -> Image:
        feature = torch.from_numpy(np.asarray(latent.arrays["feature"], np.float32)).reshape(1, -1)
        if abs(float(feature.norm()) - 1.0) > UNIT_NORM_TOLERANCE:  # moved by a slider
            feature = F.normalize(feature)
        z = np.atleast_2d(np.asarray(latent.arrays.get("z", np.zeros(self.dim_z)), np.float32))
        z = torch.from_numpy(z.reshape(-1, z.shape[-1]))
        if z.shape[-1] != self.dim_z:
            raise InputError(
                "latent",
                f"z has {z.shape[-1]} values per image but this generator takes {self.dim_z}",
            )
        progress.update(0.1, "drawing the scene")
        with torch.inference_mode():
            images = self.generator(
                z.to(self.device), feature.expand(z.shape[0], -1).to(self.device)
            ).clamp(-1, 1)
        progress.update(1.0)
        return Image(grid(images.cpu()))


def grid(images: torch.Tensor, columns: int = GRID_COLUMNS) -> np.ndarray:
    """(N, 3, H, W) in [-1, 1] as one uint8 picture, up to ``columns`` images a row."""
    count, _, height, width = images.shape
    columns = min(columns, count)
    rows = -(-count // columns)
    canvas = torch.full((3, rows * height, columns * width), -1.0)
    for index in range(count):
        row, column = divmod(index, columns)
        canvas[:, row * height : (row + 1) * height, column * width : (column + 1) * width] = (
            images[index]
        )
    pixels = torch.round((canvas + 1) / 2 * 255).to(torch.uint8).permute(1, 2, 0).numpy()
    return np.ascontiguousarray(pixels)
