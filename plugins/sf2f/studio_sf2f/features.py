"""The audio front-end: clip -> 1.25 s windows with 50% overlap -> 40-band log-mel per window.

The paper fixes the window (1.25 s, 50% overlap, section 4) and the 40 mel bands (Table 9) and
leaves the rest open [U]. Our choices, kept in every checkpoint's config (``features``):
16 kHz mono, 25 ms Hann STFT frames every 10 ms (n_fft 512, no centring, so a window's frames
are exactly a slice of its clip's frames), HTK mel bands over 20-7600 Hz, natural log of the
power with a 1e-6 floor, then a per-band standardisation by statistics measured on the
training corpus. No voice activity detection: the fuser's attention learns what to ignore,
and the app shows it. Windows are not padded: the tail shorter than a hop is left out; a clip
shorter than one window is a single (shorter) segment.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import torch

from studio.api import AudioClip, InputError
from studio.ml.audio import resample

from .networks import MIN_FRAMES

SILENCE_RMS = 1e-4  # a clip quieter than this (about -80 dBFS) holds no voice to read


@dataclass(frozen=True)
class FeatureConfig:
    sample_rate: int = 16000
    mel_bins: int = 40
    n_fft: int = 512
    win_length: int = 400
    hop_length: int = 160
    f_min: float = 20.0
    f_max: float = 7600.0
    log_floor: float = 1e-6
    window_seconds: float = 1.25
    overlap: float = 0.5
    # Per-band statistics of the training corpus (identity until measured).
    mean: tuple[float, ...] = field(default_factory=tuple)
    std: tuple[float, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, section: dict) -> FeatureConfig:
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in section.items()})

    @property
    def min_samples(self) -> int:
        """The shortest audio that gives the encoder enough frames."""
        return self.n_fft + (MIN_FRAMES - 1) * self.hop_length


@dataclass(frozen=True)
class Segment:
    start: int  # samples
    end: int

    def seconds(self, rate: int) -> tuple[float, float]:
        return self.start / rate, self.end / rate


def segment_bounds(samples: int, rate: int, window_s: float, overlap: float) -> list[Segment]:
    """Sliding windows of ``window_s`` seconds overlapping by ``overlap`` (0..1), no padding."""
    if not 0 <= overlap < 1:
        raise ValueError(f"overlap must be in [0, 1), got {overlap}")
    width = round(window_s * rate)
    hop = max(1, round(width * (1 - overlap)))
    if samples <= width:
        return [Segment(0, samples)]
    return [Segment(s, s + width) for s in range(0, samples - width + 1, hop)]


class LogMel:
    """Waveforms [N, samples] at ``sample_rate`` -> standardised log-mel [N, 40, frames]."""

    def __init__(self, config: FeatureConfig) -> None:
        import torchaudio

        self.config = config
        self.transform = torchaudio.transforms.MelSpectrogram(
            sample_rate=config.sample_rate,
            n_fft=config.n_fft,
            win_length=config.win_length,
            hop_length=config.hop_length,
            f_min=config.f_min,
            f_max=config.f_max,
            n_mels=config.mel_bins,
            center=False,
            power=2.0,
            mel_scale="htk",
        )
        bands = config.mel_bins
        self.mean = torch.tensor(config.mean or [0.0] * bands).reshape(bands, 1)
        self.std = torch.tensor(config.std or [1.0] * bands).reshape(bands, 1)

    def raw(self, waveforms: torch.Tensor) -> torch.Tensor:
        return torch.log(self.transform(waveforms) + self.config.log_floor)

    def __call__(self, waveforms: torch.Tensor) -> torch.Tensor:
        return (self.raw(waveforms) - self.mean) / self.std


def mono_waveform(clip: AudioClip, config: FeatureConfig) -> np.ndarray:
    """The clip as float32 mono at the model's rate, or InputError when nothing can be read."""
    source = clip.source or "voice input"
    samples = resample(clip.mono(), config.sample_rate).samples[0].astype(np.float32)
    if samples.size < config.min_samples:
        shortest = config.min_samples / config.sample_rate
        raise InputError(
            source,
            f"too short: {samples.size / config.sample_rate:.2f} s of audio, "
            f"SF2F needs at least {shortest:.2f} s",
        )
    if float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) < SILENCE_RMS:
        raise InputError(source, "the clip is silent: there is no voice to read a face from")
    return samples


def segment_features(
    waveform: np.ndarray, config: FeatureConfig, window_s: float, overlap: float
) -> tuple[torch.Tensor, list[Segment]]:
    """log-mel [T, 40, frames] of every window, with the windows' sample bounds."""
    bounds = segment_bounds(waveform.size, config.sample_rate, window_s, overlap)
    audio = torch.from_numpy(waveform)
    windows = torch.stack([audio[b.start : b.end] for b in bounds])
    return LogMel(config)(windows), bounds
