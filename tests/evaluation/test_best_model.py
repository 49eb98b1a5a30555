"""The first start's voice→face model: the one whose recorded yardstick figures come closest to
the targets; figures are read from the bundled entry's TRAINING.json, never by running a model."""

from __future__ import annotations

import json

import pytest

from studio.api import GeneratorInfo, Kind, Slot, Task, WeightsSpec
from studio.evaluation import best_model
from studio.evaluation.best_model import TARGETS, best_voice_to_face, target_progress


def report(**figures) -> dict:
    """A yardstick report meeting every target, with ``figures`` replacing some."""
    synthetic = {
        "crispness": 1.0,
        "fidelity": {"breathiness": 0.9, "vtl_cm": 0.8, "rate_syl_s": 0.7},
        "matching": 0.9,
        "diversity": 3.0,
    }
    real = {"face_found_over_truth": 0.95, "register_agreement": 0.9}
    for key, value in figures.items():
        (real if key in real else synthetic)[key] = value
    return {"sets": {"synthetic": synthetic, "real": real}}


def test_a_report_meeting_every_target_scores_their_number():
    assert target_progress(report()) == len(TARGETS)


def test_progress_falls_with_the_distance_from_a_target():
    half_matching = target_progress(report(matching=0.4))
    assert half_matching == pytest.approx(len(TARGETS) - 0.5)
    too_soft = target_progress(report(crispness=0.35))  # half the lower bound
    too_crisp = target_progress(report(crispness=2.8))  # twice the upper bound
    assert too_soft == pytest.approx(len(TARGETS) - 0.5) == too_crisp
    assert target_progress(report(matching=-0.2)) == len(TARGETS) - 1
    assert target_progress({"sets": {}}) == 0


def info(name: str, task: Task = Task.VOICE_TO_FACE, face: bool = False) -> GeneratorInfo:
    return GeneratorInfo(
        id=f"{name}:voice-to-face",
        title=name,
        task=task,
        inputs=(Slot("voice", Kind.AUDIO), *([Slot("face", Kind.IMAGE)] if face else [])),
        output=Kind.IMAGE,
        load="x:y",
        weights=(WeightsSpec("demo", bundled="models/demo", demo=True),),
    )


def test_the_best_figures_win_and_a_model_without_figures_ranks_last(monkeypatch):
    figures = {"a": None, "b": report(matching=0.5), "c": report(), "d": report()}
    monkeypatch.setattr(best_model, "bundled_yardstick", lambda i: figures[i.title])
    generators = [info(name) for name in "abcd"]
    assert best_voice_to_face(generators) == "c:voice-to-face"  # the first of a tie
    assert best_voice_to_face(generators[:2]) == "b:voice-to-face"
    assert best_voice_to_face(generators[:1]) == "a:voice-to-face"
    assert best_voice_to_face([info("e", Task.SOUND_TO_SCENE)]) is None
    # one that needs a face besides the voice is never the first start's, however good
    figures["f"] = report()
    assert best_voice_to_face([info("f", face=True), *generators[:2]]) == "b:voice-to-face"


def test_the_bundled_entries_records_are_read(tmp_path, monkeypatch):
    entry = tmp_path / "models" / "demo"
    entry.mkdir(parents=True)
    monkeypatch.setattr(best_model, "plugin_package_dir", lambda i: tmp_path)
    assert best_model.bundled_yardstick(info("a")) is None  # no TRAINING.json
    (entry / "TRAINING.json").write_text("{not json")
    assert best_model.bundled_yardstick(info("a")) is None
    (entry / "TRAINING.json").write_text(json.dumps({"yardstick": {"command": "c", **report()}}))
    assert best_model.bundled_yardstick(info("a"))["command"] == "c"
    # a build that recorded several entries keeps each under its folder's name
    (entry / "TRAINING.json").write_text(json.dumps({"yardstick": {"demo": report(matching=0.1)}}))
    assert best_model.bundled_yardstick(info("a"))["sets"]["synthetic"]["matching"] == 0.1
