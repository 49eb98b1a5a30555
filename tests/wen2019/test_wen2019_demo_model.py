"""The committed demo model: loads as the default weights, is labelled, and reads the held-out
synthetic speakers' parameters from their voices well enough (the demo's thresholds)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from studio.cli.main import main
from studio.evaluation.voice_face import evaluate_demo
from studio_wen2019.plugin import DEMO_WEIGHTS_DIR


def test_the_demo_entry_is_small_verified_and_recorded():
    files = {path.name: path.stat().st_size for path in DEMO_WEIGHTS_DIR.iterdir()}
    assert sum(files.values()) <= 5_000_000
    source = json.loads((DEMO_WEIGHTS_DIR / "source.json").read_text())
    assert source["demo"] is True
    record = json.loads((DEMO_WEIGHTS_DIR / "TRAINING.json").read_text())
    assert record["corpus"]["seed"] == 1 and record["final_losses"]
    assert "persona-studio train wen2019:voice-to-face" in " ".join(record["commands"])


def test_demo_weights_are_the_default_and_listed_as_demo(tmp_path, capsys):
    from studio.audio.io import write_audio
    from studio.demodata.speakers import draw_speaker
    from studio.demodata.voice import utterance

    low = draw_speaker(0, seed=5)
    faces = {}
    for name, params in {"low": (90.0, 18.5), "high": (240.0, 13.5)}.items():
        speaker = type(low)(**{**low.to_dict(), "f0_hz": params[0], "vtl_cm": params[1]})
        wav = tmp_path / f"{name}.wav"
        write_audio(wav, utterance(speaker, seed=1, seconds=5.0))
        out = tmp_path / f"{name}.png"
        assert main(["generate", "wen2019:voice-to-face", "--audio", str(wav), "-o", str(out)]) == 0
        faces[name] = np.asarray(Image.open(out)).astype(int)
    assert np.abs(faces["low"] - faces["high"]).mean() > 10  # the face visibly changes
    capsys.readouterr()
    assert main(["models", "list"]) == 0
    assert "wen2019/demo  bundled with the plugin  demo (synthetic data)" in capsys.readouterr().out


@pytest.fixture(scope="module")
def quality():
    return evaluate_demo(DEMO_WEIGHTS_DIR, speakers=60, utterances=2, trials=400)


@pytest.mark.parametrize("attribute", ["vtl_cm", "f0_hz", "breathiness"])
def test_each_trained_attribute_correlates_on_held_out_speakers(quality, attribute):
    assert quality.spearman[attribute] >= 0.6, str(quality)


def test_one_of_two_matching_is_right_at_least_80_percent(quality):
    assert quality.trials >= 200
    assert quality.matching_accuracy >= 0.8, str(quality)
