"""Audio core: AudioClip, file I/O, edits, mixing, resampling and the peak pyramid.

Importing this package never imports torch; only ``resample`` loads it, when first called.
"""

from studio.api.clip import AudioClip

from .edits import fade_in, fade_out, gain_db, normalise, pad_to, to_mono, trim
from .errors import AudioFileError
from .io import AudioInfo, audio_info, read_audio, read_comment, write_audio
from .mix import mix
from .peaks import PeakPyramid
from .resample import resample
from .synth import noise, silence, speech_like, tone

__all__ = [
    "AudioClip",
    "AudioFileError",
    "AudioInfo",
    "PeakPyramid",
    "audio_info",
    "fade_in",
    "fade_out",
    "gain_db",
    "mix",
    "noise",
    "normalise",
    "pad_to",
    "read_audio",
    "read_comment",
    "resample",
    "silence",
    "speech_like",
    "to_mono",
    "tone",
    "trim",
    "write_audio",
]
