"""Turning the project's audio, images and latents into the bytes stored in the zip, and back.

Audio is FLAC (24-bit: what recordings are made at, and lossless for 16-bit files); images are
PNG; latents are ``.npz`` of named arrays (read without pickle). Encoding a long recording is
the slow part of a save, so :class:`AudioCache` keeps each clip's FLAC bytes for as long as
the clip lives: the autosave every minute then costs only what changed.
"""

from __future__ import annotations

import io
import threading
import uuid
import warnings
import weakref
from pathlib import Path

import numpy as np
import soundfile as sf

from studio.api import AudioClip, Image, Latent

FLAC_SUBTYPE = "PCM_24"
EXTRA_PREFIX = "extra."  # as studio.engine.latent_io names a latent's side outputs


def flac_bytes(clip: AudioClip, comment: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with sf.SoundFile(buffer, "w", clip.rate, clip.channels, FLAC_SUBTYPE, format="FLAC") as f:
        if comment:  # FLAC keeps tags ahead of the audio: set before writing
            f.comment = comment
        f.write(np.clip(clip.samples, -1.0, 1.0).T)  # integer samples cannot go beyond full scale
    return buffer.getvalue()


def read_flac(data: bytes, origin: str | None) -> AudioClip:
    samples, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
    return AudioClip(np.ascontiguousarray(samples.T), rate, origin)


def png_bytes(image: Image, text: dict[str, str] | None = None) -> bytes:
    from studio.engine.image_io import png_bytes as encode

    return encode(image, text or {})


def read_png(data: bytes) -> Image:
    from PIL import Image as PILImage

    from studio.engine.image_io import MAX_DECODED_PIXELS

    with warnings.catch_warnings():  # the size is checked below, in one line, not warned about
        warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
        opened = PILImage.open(io.BytesIO(data))
    with opened:
        width, height = opened.size
        if width * height > MAX_DECODED_PIXELS:
            raise ValueError(f"a {width}×{height} picture inside is too large to open")
        return Image(np.asarray(opened.convert("RGB"), dtype=np.uint8))


def latent_bytes(latent: Latent) -> bytes:
    arrays = dict(latent.arrays)
    arrays.update({EXTRA_PREFIX + name: value for name, value in latent.extras.items()})
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def read_latent(data: bytes) -> Latent:
    with np.load(io.BytesIO(data), allow_pickle=False) as stored:
        loaded = {name: np.array(stored[name]) for name in stored.files}
    extras = {k[len(EXTRA_PREFIX) :]: v for k, v in loaded.items() if k.startswith(EXTRA_PREFIX)}
    arrays = {k: v for k, v in loaded.items() if not k.startswith(EXTRA_PREFIX)}
    return Latent(arrays, extras)


class AudioCache:
    """FLAC bytes of clips already encoded, forgotten when the clip is (clips never change).

    With a ``folder`` the bytes are kept there rather than in memory: an hour of recording is
    a few hundred megabytes of FLAC, which the app should not hold twice.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._stored: weakref.WeakKeyDictionary[AudioClip, bytes | Path] = (
            weakref.WeakKeyDictionary()
        )
        self._lock = threading.Lock()  # saves run in workers; autosave and Save may overlap

    def flac(self, clip: AudioClip) -> bytes:
        with self._lock:
            stored = self._stored.get(clip)
        if isinstance(stored, Path) and stored.is_file():
            return stored.read_bytes()
        if isinstance(stored, bytes):
            return stored
        encoded = flac_bytes(clip)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{uuid.uuid4().hex}.flac"
            path.write_bytes(encoded)
            weakref.finalize(clip, path.unlink, missing_ok=True)  # gone with the clip
            stored = path
        else:
            stored = encoded
        with self._lock:
            self._stored[clip] = stored
        return encoded
