import json
from pathlib import Path

import pytest

from studio.api.errors import InputError, StudioError
from studio.ml.manifest import Sample, check_files, read_manifest, write_manifest
from studio.ml.settings import apply_settings
from studio_wen2019.training.settings import TrainSettings, resolve


def test_a_manifest_round_trips_with_relative_paths(tmp_path):
    samples = [
        Sample("spk1", tmp_path / "audio" / "a.wav", tmp_path / "faces" / "a.png", "train"),
        Sample("spk2", tmp_path / "audio" / "b.wav", None, "test"),
        Sample("spk2", None, Path("/elsewhere/b.png"), "test"),
    ]
    path = write_manifest(tmp_path / "manifest.jsonl", samples)
    first = json.loads(path.read_text().splitlines()[0])
    assert first == {
        "speaker": "spk1",
        "audio": "audio/a.wav",
        "face": "faces/a.png",
        "split": "train",
    }
    assert read_manifest(path) == samples


def test_every_malformed_line_is_reported_at_once(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text(
        '{"speaker": "a", "audio": "a.wav"}\n'
        "not json\n"
        '{"speaker": "b"}\n'
        '{"speaker": "c", "face": "c.png", "split": "holdout"}\n'
    )
    with pytest.raises(InputError) as caught:
        read_manifest(path)
    message = str(caught.value)
    assert "3 malformed line(s)" in message
    assert "line 2" in message and "line 3: needs an 'audio' or a 'face'" in message
    assert "line 4: 'split' must be one of train, val, test" in message


def test_missing_and_empty_files_are_counted_together(tmp_path):
    (tmp_path / "ok.wav").write_bytes(b"RIFF....")
    (tmp_path / "empty.png").write_bytes(b"")
    samples = [
        Sample("a", tmp_path / "ok.wav", tmp_path / "empty.png", "train"),
        Sample("b", tmp_path / "gone.wav", tmp_path / "gone.png", "train"),
        Sample("c", tmp_path / "gone2.wav", None, "train"),
    ]
    with pytest.raises(InputError) as caught:
        check_files(tmp_path / "m.jsonl", samples)
    message = str(caught.value)
    assert "1 empty face, 2 missing audio, 1 missing face (of 5 files)" in message
    assert "gone2.wav (missing)" in message and "empty.png (empty)" in message


def test_settings_parse_every_field_type():
    settings = apply_settings(
        TrainSettings(),
        {"steps": "50", "lr": "0.001", "flip": "off", "voice_channels": "8,16,24,32"},
    )
    assert (settings.steps, settings.lr, settings.flip) == (50, 0.001, False)
    assert settings.voice_channels == (8, 16, 24, 32)
    with pytest.raises(StudioError, match="unknown training setting 'stpes'"):
        apply_settings(TrainSettings(), {"stpes": "5"})
    with pytest.raises(StudioError, match="setting steps: expected int"):
        apply_settings(TrainSettings(), {"steps": "many"})


def test_presets_apply_first_and_overrides_win():
    paper = resolve({})
    assert (paper.steps, paper.batch_size, paper.lr, paper.beta1, paper.beta2) == (
        100_000,
        128,
        2e-4,
        0.5,
        0.999,
    )
    demo = resolve({"preset": "demo", "steps": "50"})
    assert demo.steps == 50 and demo.generator_channels == (192, 96, 48, 32, 16)
    with pytest.raises(StudioError, match="unknown preset"):
        resolve({"preset": "huge"})
