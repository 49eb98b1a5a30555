"""Audio helpers for plugins, which may import only ``studio.api`` and ``studio.ml``."""

from studio.audio.io import read_audio
from studio.audio.resample import resample

__all__ = ["read_audio", "resample"]
