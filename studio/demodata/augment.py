"""Making clean synthetic takes sound like real microphones: room, noise, channel, codec, level.

Each effect takes an ``AudioClip`` and returns one of the same rate and length (float32):

- ``reverb``: a synthetic room, convolution with an exponentially decaying noise tail (RT60
  0.15-0.9 s) after a direct path, at a direct-to-reverberant ratio of 0-10 dB.
- ``add_noise``: white, pink or brown noise at an SNR (0-30 dB) against the speech's active level
  (the mean power of its louder half of 10 ms frames).
- ``telephone``: the 300-3400 Hz band (elliptic, zero phase: flat to 0.2 dB within it, 80 dB
  down below 200 Hz and above 3.6 kHz).
- ``narrowband``: through an 8 kHz converter and back (anti-alias and reconstruction low-pass at
  3.6 kHz, 80 dB down by 4 kHz; scipy's polyphase resampler in between).
- ``codec``: a lossy round trip through Ogg Vorbis, Opus or MP3 (libsndfile's encoders, at a
  compression level of 0.3-0.95). Where this libsndfile lacks the chosen encoder the clip goes
  through 8-bit mu-law (G.711) instead, and the description says so.
- ``gain``: a level change of -18 to +6 dB, clipped at full scale as a converter would.

``augment(clip, seed)`` applies a chain drawn from ``seed`` alone (``choose_chain``): reverb
half the time; noise 60 %; the channel is full band (50 %), telephone (25 %) or 8 kHz (25 %);
a codec 40 %; a gain always; in that order (room, microphone noise, line, codec, level). The
same clip and seed give the same samples.
"""

from __future__ import annotations

import dataclasses
import io
import math
from dataclasses import dataclass

import numpy as np

from studio.api import AudioClip

from . import seeds

RT60_S = (0.15, 0.9)
DRR_DB = (0.0, 10.0)
SNR_DB = (0.0, 30.0)
NOISE_COLOURS = ("white", "pink", "brown")
TELEPHONE_HZ = (300.0, 3400.0)
_TELEPHONE_STOP_HZ = (200.0, 3600.0)
NARROWBAND_RATE = 8000
CODECS = ("vorbis", "opus", "mp3")
CODEC_LEVEL = (0.3, 0.95)  # libsndfile's compression level: 1 is the smallest file
GAIN_DB = (-18.0, 6.0)
# (format, subtype, bitrate mode) of each codec in libsndfile; MP3 is variable-bitrate because
# libsndfile's constant-bitrate MP3 loses the encoder delay and comes back longer.
_CODEC_FORMATS = {
    "vorbis": ("OGG", "VORBIS", None),
    "opus": ("OGG", "OPUS", None),
    "mp3": ("MP3", "MPEG_LAYER_III", "VARIABLE"),
}
_OPUS_RATES = (8000, 12000, 16000, 24000, 48000)
_MU = 255.0


@dataclass(frozen=True)
class Effect:
    """One step of a chain: its name and parameters (floats rounded as drawn, or a word)."""

    name: str
    params: tuple[tuple[str, float | str], ...] = ()

    def describe(self) -> str:
        if not self.params:
            return self.name
        shown = ",".join(
            f"{key}={value:g}" if isinstance(value, float) else f"{key}={value}"
            for key, value in self.params
        )
        return f"{self.name}({shown})"


def augment(clip: AudioClip, seed: int) -> AudioClip:
    """``clip`` through the chain of effects that ``seed`` draws."""
    return apply_chain(clip, choose_chain(seed), seed)


def choose_chain(seed: int) -> list[Effect]:
    """The effects (with their parameters) that ``augment`` applies for ``seed``."""
    u = seeds.stream(seed, seeds.AUGMENT).random(12)
    chain = []
    if u[0] < 0.5:
        chain.append(
            Effect("reverb", (("rt60", _draw(RT60_S, u[1], 3)), ("drr", _draw(DRR_DB, u[2], 1))))
        )
    if u[3] < 0.6:
        colour = NOISE_COLOURS[min(int(u[4] * len(NOISE_COLOURS)), len(NOISE_COLOURS) - 1)]
        chain.append(Effect("noise", (("colour", colour), ("snr", _draw(SNR_DB, u[5], 1)))))
    if u[6] < 0.25:
        chain.append(Effect("telephone"))
    elif u[6] < 0.5:
        chain.append(Effect("narrowband"))
    if u[7] < 0.4:
        codec = CODECS[min(int(u[8] * len(CODECS)), len(CODECS) - 1)]
        chain.append(Effect("codec", (("kind", codec), ("level", _draw(CODEC_LEVEL, u[9], 2)))))
    chain.append(Effect("gain", (("db", _draw(GAIN_DB, u[10], 1)),)))
    return chain


def describe(chain: list[Effect]) -> str:
    """A chain as one line, e.g. ``noise(colour=pink,snr=12.5)+telephone+gain(db=-4.1)``."""
    return "+".join(effect.describe() for effect in chain)


def apply_chain(clip: AudioClip, chain: list[Effect], seed: int) -> AudioClip:
    """``chain`` applied in order; the noise and the room draw their randomness from ``seed``."""
    for step, effect in enumerate(chain):
        params = dict(effect.params)
        noise_seed = seeds.derive_seed(seed, seeds.AUGMENT, step)
        if effect.name == "reverb":
            clip = reverb(clip, params["rt60"], params["drr"], noise_seed)
        elif effect.name == "noise":
            clip = add_noise(clip, params["snr"], params["colour"], noise_seed)
        elif effect.name == "telephone":
            clip = telephone(clip)
        elif effect.name == "narrowband":
            clip = narrowband(clip)
        elif effect.name == "codec":
            clip = codec(clip, params["kind"], params["level"])
        elif effect.name == "gain":
            clip = gain(clip, params["db"])
        else:
            raise ValueError(f"unknown effect {effect.name!r}")
    return clip


# --- the effects ----------------------------------------------------------------------------


def reverb(clip: AudioClip, rt60_s: float, drr_db: float, seed: int) -> AudioClip:
    """Convolution with a synthetic room: a unit direct path, then Gaussian noise decaying by 60
    dB over ``rt60_s`` (from 2 ms on), scaled so the direct path is ``drr_db`` above the tail.
    The output keeps the input's length and peak level."""
    from scipy.signal import fftconvolve

    if rt60_s <= 0:
        raise ValueError(f"rt60_s must be positive, got {rt60_s}")
    rate = clip.rate
    length = max(int(rt60_s * rate), 2)
    t = np.arange(length) / rate
    tail = seeds.stream(seed).standard_normal(length) * np.exp(-6.91 * t / rt60_s)
    tail[: max(int(0.002 * rate), 1)] = 0.0
    tail *= 10 ** (-drr_db / 20) / math.sqrt(float(tail @ tail))
    response = tail
    response[0] = 1.0
    wet = fftconvolve(clip.samples.astype(np.float64), response[np.newaxis, :], axes=-1)
    wet = wet[:, : clip.frames]
    return _with(clip, _match_peak(wet, clip.samples))


def add_noise(clip: AudioClip, snr_db: float, colour: str, seed: int) -> AudioClip:
    """Noise of ``colour`` (white, pink: -3 dB/octave, brown: -6 dB/octave) whose power is
    ``snr_db`` below the speech's active level."""
    if colour not in NOISE_COLOURS:
        raise ValueError(f"colour must be one of {', '.join(NOISE_COLOURS)}, got {colour!r}")
    x = clip.samples.astype(np.float64)
    noise = _coloured(seeds.stream(seed), x.shape, colour)
    level = active_power(x)
    noise *= math.sqrt(level * 10 ** (-snr_db / 10) / max(float(np.mean(noise**2)), 1e-30))
    return _with(clip, x + noise)


def telephone(clip: AudioClip) -> AudioClip:
    """The 300-3400 Hz band of a telephone line: an elliptic band-pass (0.1 dB ripple over the
    band, 40 dB down below 200 Hz and above 3.6 kHz) run forwards and backwards: no delay,
    twice the attenuation."""
    from scipy.signal import iirdesign, sosfiltfilt

    if clip.rate < 8000:
        raise ValueError(f"a telephone band needs audio sampled at 8 kHz or more, not {clip.rate}")
    high = min(TELEPHONE_HZ[1], 0.425 * clip.rate)
    stop = (_TELEPHONE_STOP_HZ[0], min(_TELEPHONE_STOP_HZ[1], 0.45 * clip.rate))
    sos = iirdesign(
        TELEPHONE_HZ[0:1] + (high,), stop, 0.1, 40, ftype="ellip", fs=clip.rate, output="sos"
    )
    return _with(clip, sosfiltfilt(sos, clip.samples.astype(np.float64), axis=-1))


def narrowband(clip: AudioClip, rate: int = NARROWBAND_RATE) -> AudioClip:
    """Through a ``rate`` (8 kHz) converter and back: an anti-alias low-pass at 0.45 ``rate``
    (elliptic, zero phase, 80 dB down by half ``rate``), decimation, interpolation (scipy's
    polyphase resampler) and the same low-pass again as the reconstruction filter."""
    from scipy.signal import resample_poly

    if rate >= clip.rate:
        return clip
    g = math.gcd(rate, clip.rate)
    up, down = rate // g, clip.rate // g
    x = _lowpass(clip.samples.astype(np.float64), clip.rate, rate)
    back = resample_poly(resample_poly(x, up, down, axis=-1), down, up, axis=-1)
    return _with(clip, _lowpass(_fit_length(back, clip.frames), clip.rate, rate))


def _lowpass(x: np.ndarray, rate: int, narrow_rate: int) -> np.ndarray:
    from scipy.signal import iirdesign, sosfiltfilt

    sos = iirdesign(
        0.45 * narrow_rate, 0.5 * narrow_rate, 0.1, 40, ftype="ellip", fs=rate, output="sos"
    )
    return sosfiltfilt(sos, x, axis=-1)


def codec(clip: AudioClip, kind: str, level: float) -> AudioClip:
    """A round trip through the lossy encoder ``kind`` at compression ``level`` (0..1), or
    through 8-bit mu-law where this libsndfile cannot encode ``kind`` (see ``codec_used``)."""
    if kind not in CODECS:
        raise ValueError(f"kind must be one of {', '.join(CODECS)}, got {kind!r}")
    if codec_used(kind, clip.rate) != kind:
        return mu_law(clip)
    import soundfile

    fmt, subtype, mode = _CODEC_FORMATS[kind]
    buffer = io.BytesIO()
    extra = {"bitrate_mode": mode} if mode else {}
    data = np.clip(clip.samples.T, -1.0, 1.0)
    soundfile.write(
        buffer, data, clip.rate, subtype, format=fmt, compression_level=float(level), **extra
    )
    buffer.seek(0)
    decoded, _ = soundfile.read(buffer, dtype="float64", always_2d=True)
    return _with(clip, _align(decoded.T, clip.samples))


def codec_used(kind: str, rate: int) -> str:
    """``kind`` where this libsndfile can encode it at ``rate``, else "mu-law"."""
    import soundfile

    fmt, subtype, _ = _CODEC_FORMATS[kind]
    if fmt not in soundfile.available_formats() or subtype not in soundfile.available_subtypes(fmt):
        return "mu-law"
    if kind == "opus" and rate not in _OPUS_RATES:
        return "mu-law"
    return kind


def mu_law(clip: AudioClip) -> AudioClip:
    """G.711-style 8-bit mu-law companding and back: the lossy codec that needs no library."""
    x = np.clip(clip.samples.astype(np.float64), -1.0, 1.0)
    compressed = np.sign(x) * np.log1p(_MU * np.abs(x)) / math.log1p(_MU)
    quantised = np.round(compressed * 127) / 127
    return _with(clip, np.sign(quantised) * np.expm1(np.abs(quantised) * math.log1p(_MU)) / _MU)


def gain(clip: AudioClip, db: float) -> AudioClip:
    """``db`` louder (or quieter), clipped at full scale."""
    return _with(clip, np.clip(clip.samples.astype(np.float64) * 10 ** (db / 20), -1.0, 1.0))


def active_power(x: np.ndarray) -> float:
    """Mean power of the louder half of the 10 ms frames of [channels, frames] 16 kHz-ish
    audio: the level of the speech itself, not of its pauses."""
    mono = np.asarray(x, dtype=np.float64).reshape(-1, np.shape(x)[-1]).mean(axis=0)
    hop = 160
    count = max(len(mono) // hop, 1)
    frames = np.resize(mono, count * hop).reshape(count, hop) if len(mono) >= hop else mono[None]
    power = np.mean(frames**2, axis=1)
    loud = power[power >= np.median(power)]
    return float(loud.mean()) if loud.size and loud.mean() > 0 else 1e-12


# --- helpers --------------------------------------------------------------------------------


def _draw(bounds: tuple[float, float], u: float, digits: int) -> float:
    return round(bounds[0] + (bounds[1] - bounds[0]) * float(u), digits)


def _coloured(rng: np.random.Generator, shape: tuple[int, ...], colour: str) -> np.ndarray:
    white = rng.standard_normal(shape)
    if colour == "white":
        return white
    n = shape[-1]
    spectrum = np.fft.rfft(white, axis=-1)
    freqs = np.fft.rfftfreq(n)
    freqs[0] = freqs[1] if n > 1 else 1.0
    power = 1.0 if colour == "pink" else 2.0  # 1/f or 1/f^2 in power
    return np.fft.irfft(spectrum / freqs ** (power / 2), n, axis=-1)


def _match_peak(x: np.ndarray, reference: np.ndarray) -> np.ndarray:
    peak, target = float(np.abs(x).max()), float(np.abs(reference).max())
    return x * (target / peak) if peak > 0 else x


def _fit_length(x: np.ndarray, frames: int) -> np.ndarray:
    if x.shape[-1] >= frames:
        return x[..., :frames]
    return np.pad(x, ((0, 0), (0, frames - x.shape[-1])))


def _align(decoded: np.ndarray, original: np.ndarray) -> np.ndarray:
    """Decoded audio on the original's timeline: a decoder that adds a delay (or padding) is
    shifted back by the lag of best correlation, then cut or padded to length."""
    frames = original.shape[-1]
    if decoded.shape[-1] != frames:
        reach = min(4096, decoded.shape[-1] - 1, frames - 1)
        a = decoded.mean(axis=0)[: frames + reach]
        b = original.astype(np.float64).mean(axis=0)
        lags = range(0, max(min(reach, len(a) - 1), 0) + 1)
        best = max(lags, key=lambda lag: float(a[lag : lag + len(b)] @ b[: len(a) - lag]))
        decoded = decoded[:, best:]
    return _fit_length(decoded, frames)


def _with(clip: AudioClip, samples: np.ndarray) -> AudioClip:
    return dataclasses.replace(clip, samples=np.ascontiguousarray(samples, dtype=np.float32))
