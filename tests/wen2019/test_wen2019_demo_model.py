"""The committed demo model: loads as the default weights, is labelled, and draws the avatar a
voice stands for well enough on `persona-studio evaluate` (floors a little under the figures its
TRAINING.json records)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from studio.cli.main import main
from studio_wen2019.plugin import DEMO_WEIGHTS_DIR

# Floors a little under what `persona-studio evaluate wen2019:voice-to-face --speakers 24
# --utterances 1` measured on the bundled weights (TRAINING.json has the full run's figures).
# Measured 2026-12-08: face found 0.81 of the avatars' rate (real speech), crispness 0.53,
# breathiness 0.79 and slow speech 0.90 (synthetic), register 87.5 % (real), 1-of-2 74.2 %
# (synthetic), diversity 3.80 (real; one utterance per synthetic speaker leaves theirs
# undefined). The face width does not follow the vocal tract yet (-0.07): no floor for it.
FACE_FOUND_FLOOR = 0.75
CRISPNESS_BAND = (0.45, 0.65)
FIDELITY_FLOOR = {"breathiness": 0.7, "rate_syl_s": 0.8}
REGISTER_FLOOR = 0.84
MATCHING_FLOOR = 0.7
DIVERSITY_FLOOR = 3.4


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
def yardstick(tmp_path_factory):
    out = tmp_path_factory.mktemp("yardstick") / "figures.json"
    command = ["evaluate", "wen2019:voice-to-face", "--speakers", "24", "--utterances", "1"]
    assert main([*command, "--json", str(out)]) == 0
    return json.loads(out.read_text())["sets"]


def test_the_faces_are_found_and_as_crisp_as_recorded(yardstick):
    assert yardstick["real"]["face_found_over_truth"] >= FACE_FOUND_FLOOR, yardstick["real"]
    assert CRISPNESS_BAND[0] <= yardstick["synthetic"]["crispness"] <= CRISPNESS_BAND[1]


@pytest.mark.parametrize("trait", ["breathiness", "rate_syl_s"])
def test_each_voice_driven_trait_follows_on_held_out_speakers(yardstick, trait):
    assert yardstick["synthetic"]["fidelity"][trait] >= FIDELITY_FLOOR[trait], yardstick[
        "synthetic"
    ]


def test_the_register_and_the_speaker_are_told_apart(yardstick):
    assert yardstick["real"]["register_agreement"] >= REGISTER_FLOOR, yardstick["real"]
    assert yardstick["synthetic"]["matching"] >= MATCHING_FLOOR, yardstick["synthetic"]
    assert yardstick["real"]["diversity"] >= DIVERSITY_FLOOR, yardstick["real"]
