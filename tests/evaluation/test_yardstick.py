"""The yardstick on a tiny fixture: the avatars themselves score the ceiling, noise reads as too
crisp, blur as too soft, a picture that ignores the voice scores nothing, and the command
prints the table and refuses what it cannot measure in one line."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.ndimage import gaussian_filter

from studio.demodata.speakers import draw_speakers
from studio.evaluation.yardstick import (
    Voice,
    diversity,
    high_frequency_energy,
    reference_energy,
    score,
    truth_pictures,
)

SIZE = 64


@pytest.fixture(scope="module")
def voices() -> list[Voice]:
    # Two "utterances" per speaker; the audio is never read here.
    return [Voice(p, None, "synthetic") for p in draw_speakers(12, seed=2) for _ in range(2)]


@pytest.fixture(scope="module")
def reference() -> float:
    return reference_energy(SIZE, draw_speakers(40, seed=1))


@pytest.fixture(scope="module")
def avatars(voices) -> list[np.ndarray]:
    return truth_pictures(voices, SIZE)


def test_the_avatars_themselves_score_the_ceiling(voices, avatars, reference):
    figures = score(avatars, voices, reference)

    assert figures["pictures"] == 24 and figures["speakers"] == 12
    assert figures["face_found"] >= 0.8  # 64 px avatars scaled to 256: measured 0.92-0.97
    assert 0.85 <= figures["crispness"] <= 1.15  # measured 0.9-1.05 on 12-40 speakers
    assert all(rho >= 0.95 for rho in figures["fidelity"].values()), figures["fidelity"]
    assert figures["register_agreement"] == 1.0
    assert figures["matching"] == 1.0
    assert figures["diversity"] == float("inf")  # a speaker's avatar never changes


def test_noise_reads_too_crisp_and_blur_too_soft(avatars, reference):
    rng = np.random.default_rng(0)
    noisy = [np.clip(a + rng.normal(0, 40, a.shape), 0, 255).astype(np.uint8) for a in avatars]
    blurred = [gaussian_filter(a, (2, 2, 0)).astype(np.uint8) for a in avatars]

    crisp = np.mean([high_frequency_energy(p) for p in noisy]) / reference
    soft = np.mean([high_frequency_energy(p) for p in blurred]) / reference
    assert crisp > 2.0 and soft < 0.5, (crisp, soft)  # measured about 6 and 0.1


def test_one_picture_for_every_voice_carries_nothing_of_them(voices, avatars, reference):
    same = [avatars[0]] * len(voices)

    figures = score(same, voices, reference)
    assert all(rho in (0.0, None) for rho in figures["fidelity"].values())
    assert figures["matching"] <= 0.65
    assert figures["diversity"] is None  # no distance anywhere: nothing to compare


def test_diversity_is_between_speakers_over_within():
    a, b = np.zeros((8, 8, 3), np.uint8), np.full((8, 8, 3), 200, np.uint8)
    a2 = a.copy()
    a2[0, 0] = 100  # one speaker's two pictures differ a little

    assert diversity([a, a2, b], ["x", "x", "y"]) > 10  # measured 16.8
    assert diversity([a, b], ["x", "y"]) is None  # nobody has two pictures


def test_a_bad_pairing_is_refused(voices, avatars, reference):
    with pytest.raises(ValueError):
        score(avatars[:3], voices, reference)


def test_the_command_prints_the_table_and_writes_json(tmp_path, capsys):
    from studio.cli.main import main

    out = tmp_path / "e.json"
    args = ["evaluate", "wen2019:voice-to-face", "--speakers", "3", "--utterances", "1"]
    assert main([*args, "--no-espeak", "--json", str(out)]) == 0

    printed = capsys.readouterr().out
    assert "face found" in printed and "crispness" in printed and "its avatars" in printed
    report = json.loads(out.read_text())
    assert report["generator"] == "wen2019:voice-to-face"
    assert report["sets"]["synthetic"]["pictures"] == 3
    assert report["truth"]["synthetic"]["face_found_over_truth"] == 1.0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["sound2vision:sound-to-scene"], "is not a voice-to-face generator"),
        (["nobody:voice-to-face"], "unknown generator"),
        (["wen2019:voice-to-face", "--real", "missing-folder"], "not a folder of recordings"),
    ],
)
def test_what_cannot_be_measured_is_one_line(args, says, capsys):
    from studio.cli.main import main

    assert main(["evaluate", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and says in err[0], err


def test_an_unreadable_recording_is_named(tmp_path, capsys):
    from studio.cli.main import main

    (tmp_path / "take.wav").write_bytes(b"RIFF not really")
    args = ["evaluate", "wen2019:voice-to-face", "--no-espeak", "--real", str(tmp_path)]

    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "take.wav" in err[0], err
