"""The vectorised pipeline against the literal frame-by-frame reference
(benchmarks/reference_wen2019_features.py) on synthetic speech-like clips, plus the public entry
points: ``extract``, ``to_pcm16`` and the no-torch rule for the features package."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from benchmarks import reference_wen2019_features as ref
from studio_wen2019 import features
from studio_wen2019.features import (
    NoSpeechError,
    extract,
    log_mel,
    logmel,
    to_pcm16,
    voiced_samples,
)

# (seconds, seed, extra samples): lengths on and off the 160- and 320-sample grids.
CLIPS = [(6.0, 1, 0), (3.0, 2, 123), (2.5, 3, 160), (4.0, 4, 7), (18.0, 5, 319)]


@pytest.fixture(scope="module", params=CLIPS, ids=lambda c: f"{c[0]}s+{c[2]}")
def clip(request):
    seconds, seed, extra = request.param
    return ref.speech_like(seconds, seed=seed, extra_samples=extra)


@pytest.mark.parametrize("n_fft", [1024, 256])
def test_filter_bank_equals_the_reference_bit_for_bit(n_fft):
    expected = ref.ReferenceLogMel._bank(64, 20.0, 7200.0, 16000, n_fft)
    assert np.array_equal(logmel.mel_filterbank(n_fft=n_fft), expected)


def test_vad_keeps_exactly_the_reference_samples(clip):
    ours = voiced_samples(clip)
    assert np.array_equal(ours, ref.reference_voiced(clip))
    assert 0.2 * len(clip) < len(ours) < 0.95 * len(clip)  # speech kept, gaps dropped


@pytest.mark.parametrize("trim", [0, 1, 77, 160, 399])
def test_log_mel_equals_the_reference_on_any_length(clip, trim):
    signal = clip[: len(clip) - trim]
    # Bit-equal: the batched FFT transforms rows independently, and the filter products use the
    # same BLAS vector-matrix routine as the reference's per-frame dot.
    np.testing.assert_array_equal(log_mel(signal), ref.reference_log_mel(signal))


def test_log_mel_chunks_join_seamlessly(clip, monkeypatch):
    monkeypatch.setattr(logmel, "CHUNK_FRAMES", 7)  # the pre-emphasis prior crosses chunk edges
    np.testing.assert_array_equal(log_mel(clip), ref.reference_log_mel(clip))


def test_extract_equals_the_reference(clip):
    ours, theirs = extract(clip), ref.reference_extract(clip)
    assert ours.dtype == np.float32 and ours.flags.c_contiguous
    assert ours.shape == theirs.shape and ours.shape[0] == 64
    assert ours.shape[1] == max(1000, len(voiced_samples(clip)) // 160 + 1)
    np.testing.assert_array_equal(ours, theirs)


def test_extract_without_vad_uses_the_whole_clip(clip):
    whole = ref.reference_normalise(ref.reference_log_mel(clip).astype(np.float32)).T
    np.testing.assert_array_equal(extract(clip, use_vad=False), whole)


def test_extract_without_vad_accepts_silence_but_not_an_empty_clip():
    silence = np.zeros(16000, dtype=np.int16)
    silent = extract(silence, use_vad=False)
    # Every band sits at the log floor. As in the original's float32 arithmetic, such a band does
    # not normalise to 0 but to (rounding error of its mean) / eps: finite, constant per band.
    assert silent.shape == (64, 1000) and np.isfinite(silent).all()
    assert (silent == silent[:, :1]).all()
    whole = ref.reference_normalise(ref.reference_log_mel(silence).astype(np.float32)).T
    np.testing.assert_array_equal(silent, whole)
    with pytest.raises(NoSpeechError):
        extract(np.zeros(0, dtype=np.int16), use_vad=False)
    with pytest.raises(TypeError):
        extract(np.zeros(16000, dtype=np.float32), use_vad=False)


def test_extract_rejects_other_rates_and_silence():
    with pytest.raises(ValueError):
        extract(np.zeros(8000, dtype=np.int16), rate=8000)
    with pytest.raises(NoSpeechError):
        extract(np.zeros(16000, dtype=np.int16))


def test_float_audio_round_trips_to_the_same_int16_samples():
    every_value = np.arange(-32768, 32768, dtype=np.int16)
    for dtype in (np.float32, np.float64):
        assert np.array_equal(to_pcm16((every_value / 32768.0).astype(dtype)), every_value)
    extremes = to_pcm16(np.array([-2.0, -1.0, 1.0, 2.0, 0.4 / 32768]))
    assert extremes.tolist() == [-32768, -32768, 32767, 32767, 0]
    with pytest.raises(TypeError):
        to_pcm16(every_value)


def test_a_16_bit_wav_read_as_float_gives_back_its_samples(tmp_path):
    soundfile = pytest.importorskip("soundfile")
    samples = ref.speech_like(1.0, seed=9)
    path = tmp_path / "clip.wav"
    soundfile.write(path, samples, 16000, subtype="PCM_16")
    for dtype in ("float32", "float64"):
        audio, _ = soundfile.read(path, dtype=dtype)
        assert np.array_equal(to_pcm16(audio), samples)


def test_features_package_imports_only_numpy_webrtcvad_and_stdlib():
    allowed = {"__future__", "collections", "functools", "typing", "numpy", "webrtcvad"}
    for source in Path(features.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = {node.module.split(".")[0]}
            else:
                continue
            assert roots <= allowed, f"{source.name} imports {roots - allowed}"
