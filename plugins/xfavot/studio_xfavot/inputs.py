"""User inputs as model tensors: a face image -> (1, 3, 128, 128) in [-1, 1]; speech -> mel."""

from __future__ import annotations

import numpy as np
import torch

from studio.api import AudioClip, Image, InputError

from .frontend import MelFrontEnd, speech_wave

# A face has edges and shading; below this spread of grey levels the picture is a flat fill.
MIN_PIXEL_STD = 2.0
MIN_FRAMES = 80  # the audio style encoder pools 16x and ends in a 5x5 conv [SVC]


def face_tensor(image: Image, source: str, size: int) -> torch.Tensor:
    """Centre square crop, Lanczos resize to ``size``, SG2's Normalize(0.5, 0.5) to [-1, 1]."""
    if not isinstance(image, Image):
        raise InputError(source, f"expected an image, got {type(image).__name__}")
    pixels = image.pixels
    height, width = pixels.shape[:2]
    if min(height, width) < 16:
        raise InputError(source, f"the image is {width}x{height} px: too small to hold a face")
    preview = pixels[:: max(1, height // 256), :: max(1, width // 256)]  # cheap on huge photos
    if float(preview.std()) < MIN_PIXEL_STD:
        raise InputError(source, "the image is a flat fill of one colour: there is no face in it")
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    square = np.ascontiguousarray(pixels[top : top + side, left : left + side])
    if side != size:
        # Pillow's reducing resize keeps a 12000 px photo from becoming a 1.7 GB float tensor.
        from PIL import Image as PILImage

        picture = PILImage.fromarray(square).resize(
            (size, size), PILImage.Resampling.LANCZOS, reducing_gap=3.0
        )
        square = np.asarray(picture)
    return torch.from_numpy(np.array(square)).permute(2, 0, 1)[None].float() / 127.5 - 1.0


def speech_mel(clip: AudioClip, source: str, front_end: MelFrontEnd) -> torch.Tensor:
    """(1, 80, T) normalised log-mel of a clip at any rate, T >= MIN_FRAMES (edge-padded)."""
    if not isinstance(clip, AudioClip):
        raise InputError(source, f"expected a recording, got {type(clip).__name__}")
    mel = front_end(speech_wave(clip, source)[None])
    if mel.shape[-1] < MIN_FRAMES:
        seconds = MIN_FRAMES * 300 / 24000
        raise InputError(source, f"the recording is too short: at least {seconds:.1f} s is needed")
    return mel
