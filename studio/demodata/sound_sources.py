"""Eight synthetic sound sources and the ambient bed they play over (numpy only, 16 kHz).

Each source is drawn from its own random stream, so a clip is a function of (class, seed)
alone. ``source`` returns a clip of unit RMS; the corpus scales it to a level *relative to the
bed*, which is what the picture's object size follows: per-clip normalisation in the
Sound2Vision front end cancels a plain gain, so loudness must be heard against something, as
it is outdoors (a near engine drowns the wind; a far one barely rises above it).
"""

from __future__ import annotations

import numpy as np

from . import seeds

RATE = 16000
SECONDS = 2.0
BED_RMS = 0.02  # the ambient bed's fixed level (pink noise)
CLASSES = (
    "rain",
    "birdsong",
    "engine",
    "waves",
    "wind",
    "fire crackle",
    "bells",
    "crowd babble",
)
SOURCE = 21  # the seeds purpose of a source clip
BED = 22


def _frames(seconds: float) -> int:
    return round(seconds * RATE)


def _band(noise: np.ndarray, low: float, high: float) -> np.ndarray:
    """Noise limited to [low, high] Hz with soft (raised-cosine) band edges, via the FFT."""
    spectrum = np.fft.rfft(noise)
    freqs = np.fft.rfftfreq(noise.size, 1 / RATE)
    edge = 0.15 * (high - low) + 1.0
    gain = np.clip((freqs - low + edge) / edge, 0, 1) * np.clip((high + edge - freqs) / edge, 0, 1)
    return np.fft.irfft(spectrum * gain, noise.size)


def _pink(rng: np.random.Generator, frames: int) -> np.ndarray:
    spectrum = np.fft.rfft(rng.standard_normal(frames))
    freqs = np.fft.rfftfreq(frames, 1 / RATE)
    spectrum[1:] /= np.sqrt(freqs[1:] / 20.0)
    spectrum[0] = 0
    return np.fft.irfft(spectrum, frames)


def _rain(rng: np.random.Generator, n: int) -> np.ndarray:
    # Patter on leaves and roofs: low-mid hiss and ringing drops, kept below 2.8 kHz so the
    # band above it belongs to birdsong and a bird can be heard (and drawn) through the rain.
    hiss = _band(rng.standard_normal(n), 500, 2800)
    drops = np.zeros(n)
    count = int(rng.uniform(150, 300) * n / RATE)
    drops[rng.integers(0, n, count)] = rng.uniform(0.5, 2.0, count) * rng.choice([-1, 1], count)
    t = np.arange(int(0.006 * RATE)) / RATE
    ring = np.sin(2 * np.pi * rng.uniform(1000, 2200) * t) * np.exp(-t / 0.0015)
    return hiss + 3 * np.convolve(drops, ring)[:n]


def _birdsong(rng: np.random.Generator, n: int) -> np.ndarray:
    # Trilled chirps in 3.5-6.7 kHz: above every other source's band (rain stops at 2.8 kHz)
    # and, with no harmonic, below the 8 kHz Nyquist limit of the 16 kHz corpus.
    out = np.zeros(n)
    position = int(rng.uniform(0, 0.1) * RATE)
    base = rng.uniform(4400, 5800)
    while position < n:
        length = int(rng.uniform(0.06, 0.15) * RATE)
        t = np.arange(min(length, n - position)) / RATE
        sweep = base + rng.uniform(-600, 600) * t / max(t[-1], 1e-3) if t.size else t
        phase = 2 * np.pi * np.cumsum(sweep + 250 * np.sin(2 * np.pi * 30 * t)) / RATE
        window = np.sin(np.pi * np.arange(t.size) / max(t.size, 1)) ** 2
        out[position : position + t.size] += window * np.sin(phase)
        position += length + int(rng.uniform(0.05, 0.25) * RATE)
    return out


def _engine(rng: np.random.Generator, n: int) -> np.ndarray:
    t = np.arange(n) / RATE
    f0 = rng.uniform(28, 45) * (1 + 0.03 * np.sin(2 * np.pi * rng.uniform(0.2, 0.6) * t))
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    tone = sum(np.sin(k * phase) / k for k in range(1, 24))
    rumble = _band(rng.standard_normal(n), 20, 400)
    return tone * (1 + 0.4 * np.sin(phase / 2)) + 0.5 * rumble / (np.std(rumble) + 1e-12)


def _waves(rng: np.random.Generator, n: int) -> np.ndarray:
    t = np.arange(n) / RATE
    swell = 0.25 + np.sin(np.pi * (t / SECONDS + rng.uniform(0, 1))) ** 2
    surf = _band(rng.standard_normal(n), 60, 900)
    foam = _band(rng.standard_normal(n), 900, 3000)
    return swell * (surf / np.std(surf) + 0.3 * swell * foam / np.std(foam))


def _wind(rng: np.random.Generator, n: int) -> np.ndarray:
    # A whistle: a narrow noise band whose centre glides, in gusts.
    frames = 40
    hop = n // frames
    centres = np.interp(np.arange(frames), [0, frames - 1], rng.uniform(350, 1300, 2))
    out = np.zeros(n)
    window = np.hanning(2 * hop)
    for index, centre in enumerate(centres):
        segment = _band(rng.standard_normal(2 * hop), centre * 0.85, centre * 1.15)
        start = index * hop
        stop = min(start + 2 * hop, n)
        out[start:stop] += (window * segment)[: stop - start]
    gusts = 0.4 + np.sin(np.pi * (np.arange(n) / n * rng.uniform(1, 2.5) + rng.uniform(0, 1))) ** 2
    return out * gusts


def _fire(rng: np.random.Generator, n: int) -> np.ndarray:
    # Rumble and crackles, the crackles kept below 2.5 kHz: with broadband crackles, rain and
    # a bird together (drops plus high chirps) sounded more like a fire than like either.
    out = 0.4 * _band(rng.standard_normal(n), 30, 250)
    out /= np.std(out) + 1e-12
    crackles = np.zeros(n)
    count = int(rng.uniform(25, 50) * n / RATE)
    for start in rng.integers(0, n - 64, count):
        length = int(rng.integers(16, 64))
        burst = rng.standard_normal(length) * np.exp(-np.arange(length) / (length / 4))
        crackles[start : start + length] += rng.uniform(3, 9) * burst
    return out + _band(crackles, 150, 2500)


def _bells(rng: np.random.Generator, n: int) -> np.ndarray:
    out = np.zeros(n)
    f0 = rng.uniform(380, 700)
    ratios = (0.5, 1.0, 1.19, 1.5, 2.0, 2.5, 2.67, 3.0)
    period = rng.uniform(0.5, 0.8)
    for strike in np.arange(rng.uniform(0, 0.2), SECONDS, period):
        start = int(strike * RATE)
        t = np.arange(n - start) / RATE
        ring = sum(
            np.sin(2 * np.pi * f0 * r * t) * np.exp(-t / (1.2 / r)) / (1 + abs(r - 1))
            for r in ratios
        )
        out[start:] += ring
    return out


def _crowd(rng: np.random.Generator, n: int) -> np.ndarray:
    t = np.arange(n) / RATE
    out = np.zeros(n)
    for _ in range(6):
        f0 = rng.uniform(95, 240) * (1 + 0.05 * np.sin(2 * np.pi * rng.uniform(2, 5) * t))
        phase = np.cumsum(f0) / RATE
        pulses = (np.diff(np.floor(phase), prepend=0) > 0).astype(float)
        voice = _band(pulses, 200, 3200)
        syllables = np.clip(np.sin(2 * np.pi * rng.uniform(3, 5) * t + rng.uniform(0, 6.3)), 0, 1)
        out += voice * syllables / (np.std(voice) + 1e-12)
    return out


_MAKERS = (_rain, _birdsong, _engine, _waves, _wind, _fire, _bells, _crowd)


def source(kind: int, seed: int, seconds: float = SECONDS) -> np.ndarray:
    """Class ``kind``'s clip for ``seed`` (float64, unit RMS)."""
    n = _frames(seconds)
    signal = _MAKERS[kind](seeds.stream(seed, SOURCE, kind), n)
    return signal / (np.sqrt(np.mean(signal**2)) + 1e-12)


def bed(seed: int, seconds: float = SECONDS) -> np.ndarray:
    """The ambient bed: pink noise at ``BED_RMS``."""
    noise = _pink(seeds.stream(seed, BED), _frames(seconds))
    return BED_RMS * noise / (np.sqrt(np.mean(noise**2)) + 1e-12)


def level_gain(level_db: float) -> float:
    """The factor that puts a unit-RMS source ``level_db`` above the bed."""
    return BED_RMS * 10.0 ** (level_db / 20.0)
