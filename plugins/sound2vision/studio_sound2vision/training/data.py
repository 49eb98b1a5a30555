"""Pairs of (sound, frame) from a manifest, with the expensive parts computed once.

Spectrograms (the official front end, float16 to halve the memory) and frames are read once
per run; the frozen f_V's features are computed once, since f_V never changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image as PILImage
from torch.utils.data import Dataset

from studio.api import InputError, Progress
from studio.ml.audio import read_audio
from studio.ml.manifest import Sample, check_files

from ..frontend import clip_spectrogram
from ..image_input import frame_tensor
from ..networks.config import ImageConfig


@dataclass
class Pairs:
    audio: list[Path]
    images: list[Path]
    labels: list[str]
    splits: list[str]

    def indices(self, *splits: str) -> list[int]:
        return [i for i, split in enumerate(self.splits) if split in splits]


def read_pairs(manifest: Path, samples: list[Sample]) -> Pairs:
    paired = [s for s in samples if s.audio is not None and s.face is not None]
    if not paired:
        raise InputError(manifest, "no line pairs an audio file with an image ('audio' and 'face')")
    check_files(manifest, paired)
    return Pairs(
        [s.audio for s in paired],
        [s.face for s in paired],
        [s.speaker for s in paired],
        [s.split for s in paired],
    )


def spectrograms(
    paths: list[Path], progress: Progress, gains_db: tuple[float, ...] = (0.0,)
) -> np.ndarray:
    """(gains, N, 257, 1004) float16: each clip's spectrogram at every whole-clip gain."""
    out = np.empty((len(gains_db), len(paths), 257, 1004), np.float16)
    for index, path in enumerate(paths):
        clip = read_audio(path)
        for variant, gain in enumerate(gains_db):
            out[variant, index] = clip_spectrogram(clip, gain)
        if index % 100 == 0:
            progress.update(index / len(paths), f"spectrograms {index}/{len(paths)}")
    return out


def frames(paths: list[Path], config: ImageConfig) -> torch.Tensor:
    """(N, 3, resize, resize) floats in [0, 1]."""
    loaded = []
    for path in paths:
        try:
            with PILImage.open(path) as image:
                pixels = np.asarray(image.convert("RGB"))
        except OSError as error:
            raise InputError(path, f"not a readable image ({error})") from None
        loaded.append(frame_tensor(pixels, config)[0])
    return torch.stack(loaded)


@torch.no_grad()
def image_features(encoder: torch.nn.Module, images: torch.Tensor, batch: int = 64) -> torch.Tensor:
    encoder.eval()
    return torch.cat([encoder(images[i : i + batch]) for i in range(0, len(images), batch)])


class SoundFeaturePairs(Dataset):
    """(spectrogram (1, 257, 1004), the frame's f_V feature) for the chosen items.

    With ``augment`` each draw takes one of the clip's gain variants at random (the global RNG
    the training toolkit seeds and restores); otherwise the first (0 dB) variant.
    """

    def __init__(
        self, specs: np.ndarray, features: torch.Tensor, indices: list[int], augment: bool = False
    ) -> None:
        self.specs, self.features, self.indices = specs, features, indices
        self.augment = augment and specs.shape[0] > 1

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, index: int):
        item = self.indices[index]
        variant = int(torch.randint(self.specs.shape[0], ())) if self.augment else 0
        spec = torch.from_numpy(self.specs[variant, item].astype(np.float32))[None]
        return spec, self.features[item]


class Frames(Dataset):
    def __init__(self, images: torch.Tensor) -> None:
        self.images = images

    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int) -> torch.Tensor:
        return self.images[index]
