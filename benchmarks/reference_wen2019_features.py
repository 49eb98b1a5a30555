"""Literal, frame-by-frame reference of the Wen et al. 2019 inference features (written from the
spec in /work/shared/specs/wen2019.md, sections 2.4 and 7.4).

It deliberately keeps the original's shape of computation - a byte-level frame walk with a ring
buffer for the VAD, one Python iteration per analysis frame with a stateful pre-emphasis, filters
filled bin by bin, tiling by repeated appends - so it serves as

  * the test oracle for the vectorised ``studio_wen2019.features`` (tests/wen2019), and
  * the baseline of the speed comparison:  python benchmarks/reference_wen2019_features.py

NumPy and webrtcvad only.
"""

from __future__ import annotations

import collections
import math
import sys
import time
from pathlib import Path

import numpy as np

RATE = 16000


# --- VAD -------------------------------------------------------------------------------------


def reference_voiced(
    pcm_int16: np.ndarray, rate: int = RATE, aggressiveness: int = 2
) -> np.ndarray:
    import webrtcvad

    vad = webrtcvad.Vad(aggressiveness)
    audio = np.asarray(pcm_int16, dtype="<i2").tobytes()
    size = int(rate * (20 / 1000.0) * 2)  # bytes in a 20 ms frame
    chunks = []
    pos = 0
    while pos + size < len(audio):
        chunks.append(audio[pos : pos + size])
        pos += size

    ring = collections.deque(maxlen=int(50 / 20))
    active = False
    pending = []
    pieces = []
    for chunk in chunks:
        if active:
            pending.append(chunk)
            ring.append(chunk)
            answers = [vad.is_speech(c, rate) for c in ring]
            if answers.count(False) > 0.9 * ring.maxlen:
                active = False
                pieces.append(b"".join(pending))
                pending = []
                ring.clear()
        else:
            ring.append(chunk)
            answers = [vad.is_speech(c, rate) for c in ring]
            if answers.count(True) > 0.9 * ring.maxlen:
                active = True
                pending.extend(ring)
                ring.clear()
    if pending:
        pieces.append(b"".join(pending))
    if not pieces:
        raise RuntimeError("no speech")
    return np.concatenate([np.frombuffer(p, dtype="<i2") for p in pieces]).astype(np.int16)


# --- log-mel ---------------------------------------------------------------------------------


class ReferenceLogMel:
    """Sphinx-style log-mel with the original's parameters and its stateful pre-emphasis."""

    def __init__(self):
        self.hop = 16000 / 100.0
        self.width = int(0.025 * 16000)
        self.window = np.hamming(self.width)
        self.alpha = 0.97
        self.last = 0  # previous frame's last sample
        self.bank = self._bank(64, 20.0, 7200.0, 16000, 1024)

    @staticmethod
    def _bank(count, low, high, rate, nfft):
        def to_mel(f):
            return 2595.0 * np.log10(1.0 + f / 700.0)

        bank = np.zeros((nfft // 2 + 1, count))
        spacing = float(rate) / nfft
        lo, hi = to_mel(low), to_mel(high)
        gap = (hi - lo) / (count + 1)
        hz = 700.0 * (
            np.power(10.0, (lo + gap * np.arange(count + 2, dtype=np.float64)) / 2595.0) - 1.0
        )
        for j in range(count):
            a = round(hz[j] / spacing)
            b = round(hz[j + 1] / spacing)
            c = round(hz[j + 2] / spacing)
            top = 2.0 / ((c - a) * spacing)
            up = top / (b - a) if b != a else 0
            # The peak bin is written whenever the walk from the left reaches it (even if it is
            # also the right edge), and skipped when the centre coincides with the left edge.
            for k in range(a + 1, max(b + 1, c)):
                if k < b:
                    bank[k, j] = (k - a) * up
                elif k == b:
                    bank[k, j] = top
                else:
                    bank[k, j] = (k - c) * (top / (b - c))
        return bank

    def frame(self, samples):
        seq = np.insert(samples, 0, self.last)  # stays int16 like the signal
        self.last = seq[-1]
        shaped = (seq[1:] - self.alpha * seq[:-1]) * self.window
        spec = np.fft.rfft(shaped, 1024)
        power = spec.real * spec.real + spec.imag * spec.imag
        return np.log(np.dot(power, self.bank).clip(1e-5, np.inf))

    def __call__(self, signal):
        total = int(len(signal) / self.hop + 1)
        rows = np.zeros((total, self.bank.shape[1]))
        for i in range(total):
            begin = round(i * self.hop)
            piece = signal[begin : min(len(signal), begin + self.width)]
            if len(piece) < self.width:
                piece = np.resize(piece, self.width)
            rows[i] = self.frame(piece)
        return rows


def reference_log_mel(signal_int16: np.ndarray) -> np.ndarray:
    return ReferenceLogMel()(np.asarray(signal_int16))


# --- normalisation and the whole pipeline ----------------------------------------------------


def reference_normalise(fbank: np.ndarray) -> np.ndarray:
    feats = fbank.astype(np.float32)
    feats = feats - feats.mean(axis=0)
    feats = feats / (feats.std(axis=0) + np.finfo(np.float32).eps)
    original = len(feats)
    while len(feats) < 1000:
        feats = np.append(feats, feats[:original], axis=0)
        feats = feats[:1000]
    return feats


def reference_extract(pcm_int16: np.ndarray) -> np.ndarray:
    """Mono 16 kHz int16 -> float32 [64, T], one frame at a time."""
    speech = reference_voiced(pcm_int16)
    return reference_normalise(reference_log_mel(speech).astype(np.float32)).T.astype(np.float32)


# --- synthetic speech-like audio -------------------------------------------------------------


def speech_like(
    seconds: float, seed: int = 0, rate: int = RATE, extra_samples: int = 0
) -> np.ndarray:
    """Harmonic 'syllables' (gliding f0, decaying partials, formant-ish tilt) separated by quiet
    gaps with faint noise; int16. Enough for WebRTC VAD to switch on and off repeatedly."""
    rng = np.random.default_rng(seed)
    n = int(seconds * rate) + extra_samples
    out = rng.normal(0.0, 30.0, n)  # room noise
    pos = int(0.2 * rate)
    while pos < n:
        length = int(rng.uniform(0.15, 0.6) * rate)
        t = np.arange(min(length, n - pos)) / rate
        f0 = rng.uniform(100, 240) * (1 + 0.1 * np.sin(2 * math.pi * rng.uniform(2, 5) * t))
        phase = 2 * math.pi * np.cumsum(f0) / rate
        voice = sum(np.sin(h * phase) / h**0.8 for h in range(1, 25) if h * f0.max() < rate / 2)
        envelope = np.sin(math.pi * np.arange(len(t)) / max(len(t), 1)) ** 0.5
        out[pos : pos + len(t)] += rng.uniform(2000, 8000) * envelope * voice / 4
        pos += length + int(rng.uniform(0.1, 0.5) * rate)
    return np.clip(np.rint(out), -32768, 32767).astype(np.int16)


# --- benchmark -------------------------------------------------------------------------------


def _median_ms(fn, arg, repeats=5):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(arg)
        times.append((time.perf_counter() - start) * 1e3)
    return float(np.median(times))


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "plugins" / "wen2019"))
    from studio_wen2019.features import extract

    clip = speech_like(6.0, seed=1)
    start = time.perf_counter()
    fast = extract(clip)  # first call also imports webrtcvad and builds the filter bank
    cold_ms = (time.perf_counter() - start) * 1e3
    slow = reference_extract(clip)
    print(f"6 s clip -> features {fast.shape}, bit-equal: {np.array_equal(fast, slow)}")
    _median_ms(extract, clip, 2), _median_ms(reference_extract, clip, 2)  # warm both up
    fast_ms, slow_ms = _median_ms(extract, clip), _median_ms(reference_extract, clip)
    print(f"extract            {fast_ms:7.2f} ms (median of 5; first call {cold_ms:.1f} ms)")
    print(f"reference_extract  {slow_ms:7.2f} ms (median of 5)   speed-up x{slow_ms / fast_ms:.1f}")


if __name__ == "__main__":
    main()
