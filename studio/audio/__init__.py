"""Audio core: AudioClip, file I/O, edits, mixing, resampling and the peak pyramid."""

from .clip import AudioClip
from .errors import AudioFileError

__all__ = ["AudioClip", "AudioFileError"]
