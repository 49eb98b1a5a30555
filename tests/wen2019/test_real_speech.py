"""Real synthetic speech (espeak-ng, installed by `make`) through the feature pipeline and the
generator: VAD keeps the words and drops the pauses, and the fast features equal the literal
re-implementation of the official pipeline."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from benchmarks.reference_wen2019_features import reference_extract
from studio.audio.io import read_audio
from studio.audio.resample import resample
from studio_wen2019.features import extract, to_pcm16, voiced_samples

pytestmark = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"
)


@pytest.fixture(scope="module")
def spoken(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("espeak") / "sentence.wav"
    text = "Persona Studio turns a voice into a face. [[_:_:_:_:]] It listens, then it draws."
    subprocess.run(
        ["espeak-ng", "-v", "en", "-s", "150", "-w", str(path), text], check=True, timeout=60
    )
    return path


def pcm16k(path: Path) -> np.ndarray:
    return to_pcm16(resample(read_audio(path).mono(), 16000).samples[0])


def test_vad_keeps_most_of_the_speech_and_some_is_dropped(spoken):
    pcm = pcm16k(spoken)
    kept = voiced_samples(pcm)
    assert 0.4 * len(pcm) < len(kept) < len(pcm)
    assert len(kept) % 320 == 0  # whole 20 ms frames


def test_fast_features_equal_the_literal_official_pipeline_on_real_speech(spoken):
    pcm = pcm16k(spoken)
    np.testing.assert_array_equal(extract(pcm), reference_extract(pcm))


def test_real_speech_becomes_a_face(spoken, tmp_path):
    from PIL import Image

    from studio.cli.main import main

    out = tmp_path / "face.png"
    args = [
        "generate",
        "wen2019:voice-to-face",
        "--audio",
        str(spoken),
        "--weights",
        "untrained",
        "-o",
        str(out),
    ]
    assert main(args) == 0
    assert Image.open(out).size == (64, 64)
