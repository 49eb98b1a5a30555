"""The one way to build a demo model (studio.ml.demo_build), with a fake persona-studio."""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
from pathlib import Path

import pytest

from studio.ml.demo_build import (
    AVATARS,
    DRAWN_FACES,
    DRAWN_SCENES,
    DemoBuild,
    DemoRecipe,
    build_demo_model,
    last_metrics,
    run_persona_studio,
)


class FakeStudio:
    """Does what each command leaves behind, in no time: a manifest, metrics and an entry in
    the scratch store, the evaluate command's JSON."""

    def __init__(self, evaluate: bool = True):
        self.evaluate = evaluate
        self.commands: list[list[str]] = []
        self.stores: set[str] = set()  # the scratch model stores the commands ran with

    def exists(self, command: str, env) -> bool:
        return command != "evaluate" or self.evaluate

    def run(self, args, env) -> None:
        args = list(args)
        self.commands.append(args)
        self.stores.add(env["PERSONA_STUDIO_DATA"])
        option = dict(itertools.pairwise(args))
        if args[0] == "demo-data":
            out = Path(option["--out"])
            out.mkdir(parents=True, exist_ok=True)
            (out / "manifest.jsonl").write_text("{}\n")
        elif args[0] == "train":
            run = Path(option["--out"])
            for folder in ("", "gan"):
                (run / folder).mkdir(parents=True, exist_ok=True)
                (run / folder / "metrics.csv").write_text("step,time,loss\n1,0.1,0.5\n2,0.2,0.25\n")
            plugin = args[1].split(":")[0]
            entry = Path(env["PERSONA_STUDIO_DATA"], "models", plugin, option["--export"])
            entry.mkdir(parents=True, exist_ok=True)
            (entry / "model.safetensors").write_bytes(b"weights")
            (entry / "source.json").write_text(json.dumps({"plugin": plugin, "name": "x"}))
        elif args[0] == "evaluate":
            Path(option["--json"]).write_text(json.dumps({"score": 0.75}))


def recipe(tmp_path: Path, **fields) -> DemoRecipe:
    defaults = dict(
        plugin="toy",
        generator="toy:voice-to-face",
        models=tmp_path / "models",
        corpus_size=7,
        corpus_seed=3,
        stages=(("steps=10",), ("steps=20", "tau=0.1")),
        losses=("gan",),
        yardstick=True,
    )
    return DemoRecipe(**{**defaults, **fields})


@pytest.fixture(autouse=True)
def one_thread(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # the record's thread count without torch


def test_the_entry_is_built_installed_and_recorded(tmp_path, capsys):
    studio = FakeStudio()
    measured = []

    def measure(entry, manifest):
        measured.append((entry, manifest))
        return {"quality": 0.5}

    toy = recipe(tmp_path)
    build = DemoBuild(tmp_path / "work", ["lr=1"], dest=tmp_path / "shipped" / "demo")
    record = build_demo_model(toy, build, measure=measure, runner=studio)

    entry = tmp_path / "shipped" / "demo"
    assert (entry / "model.safetensors").read_bytes() == b"weights"
    assert not (tmp_path / "models").exists()  # --dest kept the plugin's folder untouched
    source = json.loads((entry / "source.json").read_text())
    assert source["demo"] is True and "synthetic" in source["licence"]
    assert "voices-faces corpus" in source["origin"]
    assert json.loads((entry / "TRAINING.json").read_text()) == record

    corpus = tmp_path / "work" / "corpus"
    kinds = [command[0] for command in studio.commands]
    assert kinds == ["demo-data", "train", "train", "evaluate"]
    assert studio.commands[0] == ["demo-data", "voices-faces", "--out", str(corpus),
                                  "--speakers", "7", "--seed", "3",
                                  "--face-style", "drawn"]  # fmt: skip
    first, second = studio.commands[1], studio.commands[2]
    assert first[:2] == ["train", "toy:voice-to-face"]
    assert "--set=steps=10" in first and "--resume" not in first
    assert second.index("--set=tau=0.1") < second.index("--set=lr=1")  # --set values win
    assert "--resume" in second  # a later stage continues the run
    assert studio.commands[3][:4] == ["evaluate", "toy:voice-to-face", "--weights", str(entry)]

    assert record["commands"][0].startswith("persona-studio demo-data voices-faces")
    assert len(record["commands"]) == 3
    assert record["corpus"] == {"speakers": 7, "seed": 3}
    assert record["torch_threads"] == 1
    assert record["art"] == DRAWN_FACES
    assert record["final_losses"] == {"step": 2.0, "loss": 0.25}
    assert record["quality"] == 0.5
    assert record["yardstick"]["score"] == 0.75
    assert record["yardstick"]["command"].startswith("persona-studio evaluate toy:voice-to-face")
    assert isinstance(record["wall_minutes"], float)
    assert measured == [(entry, corpus / "manifest.jsonl")]


def test_without_the_evaluate_command_nothing_is_recorded_and_a_note_is_printed(tmp_path, capsys):
    studio = FakeStudio(evaluate=False)
    build = DemoBuild(tmp_path / "work", dest=tmp_path / "out" / "demo")
    record = build_demo_model(recipe(tmp_path, faces="avatar"), build, runner=studio)
    assert "yardstick" not in record
    assert "no `persona-studio evaluate`" in capsys.readouterr().out
    assert record["art"] == AVATARS
    assert AVATARS.startswith("avatars: python_avatars 1.4.1 (MIT")
    assert studio.commands[0][-2:] == ["--face-style", "avatar"]  # the flip builds avatars
    assert [c[0] for c in studio.commands] == ["demo-data", "train", "train"]


def test_generators_of_no_face_have_no_yardstick(tmp_path):
    studio = FakeStudio()
    toy = recipe(tmp_path, yardstick=False, losses=("", "gan"), stages=((),))
    toy = dataclasses.replace(toy, corpus="sounds-scenes", corpus_size=5)
    record = build_demo_model(toy, DemoBuild(tmp_path / "w", dest=tmp_path / "d"), runner=studio)
    assert "yardstick" not in record
    assert studio.commands[0][:2] == ["demo-data", "sounds-scenes"]
    assert studio.commands[0][-4:] == ["--items", "5", "--seed", "3"]  # no face style
    assert record["corpus"] == {"items": 5, "seed": 3}
    assert record["art"] == DRAWN_SCENES
    assert set(record["final_losses"]) == {"", "gan"}  # several folders: keyed by folder


def test_a_corpus_built_by_the_same_command_is_reused(tmp_path):
    studio = FakeStudio(evaluate=False)
    build = DemoBuild(tmp_path / "work", dest=tmp_path / "out" / "demo")
    build_demo_model(recipe(tmp_path), build, runner=studio)
    build_demo_model(recipe(tmp_path), build, runner=studio)
    assert [c[0] for c in studio.commands].count("demo-data") == 1
    build_demo_model(recipe(tmp_path, corpus_size=8), build, runner=studio)  # another corpus
    assert [c[0] for c in studio.commands].count("demo-data") == 2


def test_a_corpus_the_user_names_is_trusted(tmp_path):
    corpus = tmp_path / "theirs"
    corpus.mkdir()
    (corpus / "manifest.jsonl").write_text("{}\n")
    studio = FakeStudio(evaluate=False)
    build = DemoBuild(tmp_path / "work", dest=tmp_path / "out" / "demo", corpus=corpus)
    record = build_demo_model(recipe(tmp_path), build, runner=studio)
    assert [c[0] for c in studio.commands] == ["train", "train"]
    assert f"--out {corpus}" in record["commands"][0]  # as the corpus was made


def test_remeasuring_keeps_the_training_record(tmp_path):
    studio = FakeStudio()
    toy = recipe(tmp_path)
    entry = tmp_path / "out" / "demo"
    build_demo_model(toy, DemoBuild(tmp_path / "work", dest=entry), runner=studio)
    trained = json.loads((entry / "TRAINING.json").read_text())
    trained["note"] = "written by hand"
    (entry / "TRAINING.json").write_text(json.dumps(trained))
    studio.commands.clear()

    again = DemoBuild(tmp_path / "other-work", dest=entry, skip_training=True)
    record = build_demo_model(toy, again, measure=lambda e, m: {"quality": 1.0}, runner=studio)
    assert [c[0] for c in studio.commands] == ["demo-data", "evaluate"]  # the corpus was missing
    assert record["commands"] == trained["commands"]
    assert record["wall_minutes"] == trained["wall_minutes"]
    assert record["note"] == "written by hand"
    assert record["quality"] == 1.0


def test_finish_entry_runs_on_the_installed_entry_before_its_source_is_marked(tmp_path):
    seen = []

    def finish(entry, manifest):
        seen.append(json.loads((entry / "source.json").read_text()).get("demo"))

    build = DemoBuild(tmp_path / "work", dest=tmp_path / "out" / "demo")
    build_demo_model(recipe(tmp_path), build, finish_entry=finish, runner=FakeStudio())
    assert seen == [None]


def test_last_metrics_reads_the_final_row_without_time_or_empty_cells(tmp_path):
    path = tmp_path / "metrics.csv"
    path.write_text("step,time,loss,acc\n10,1.5,0.9,0.1\n20,3.0,0.5,\n")
    assert last_metrics(path) == {"step": 20.0, "loss": 0.5}


def test_commands_run_in_a_child_process_and_are_echoed(capsys):
    run_persona_studio("--version", env=dict(os.environ))
    assert "$ persona-studio --version" in capsys.readouterr().out


def test_a_failed_measurement_keeps_the_training_record_and_no_scratch_store(tmp_path):
    studio = FakeStudio()

    def broken(entry, manifest):
        raise RuntimeError("the measure broke")

    entry = tmp_path / "out" / "demo"
    with pytest.raises(RuntimeError):
        build_demo_model(recipe(tmp_path), DemoBuild(tmp_path / "w", dest=entry), measure=broken,
                         runner=studio)  # fmt: skip
    assert "final_losses" in json.loads((entry / "TRAINING.json").read_text())
    assert studio.stores and not any(Path(store).exists() for store in studio.stores)
