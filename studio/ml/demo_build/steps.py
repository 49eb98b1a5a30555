"""The steps of a demo build, one by one: run ``persona-studio``, build the corpus, install the
entry, mark its source, read the losses, run the yardstick, write TRAINING.json."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .recipe import LICENCE, DemoRecipe, corpus_command


class PersonaStudio:
    """Runs ``persona-studio`` commands in a child process (a test passes a fake)."""

    def run(self, args: Sequence[str], env: Mapping[str, str]) -> None:
        run_persona_studio(*args, env=dict(env))

    def exists(self, command: str, env: Mapping[str, str]) -> bool:
        child = subprocess.run(
            [sys.executable, "-m", "studio.cli", command, "--help"],
            env=dict(env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return child.returncode == 0


def run_persona_studio(*args: str, env: dict) -> None:
    print("$ persona-studio " + " ".join(args), flush=True)
    subprocess.run([sys.executable, "-m", "studio.cli", *args], check=True, env=env)


def last_metrics(metrics_csv: Path) -> dict[str, float]:
    """The final logged values (wall time and empty cells left out)."""
    row = _last_row(metrics_csv)
    return {k: float(v) for k, v in row.items() if v not in ("", None) and k != "time"}


def run_minutes(metrics_csv: Path) -> float:
    """The stage's own clock at its last logged step, in minutes (true for a resumed run too)."""
    return round(float(_last_row(metrics_csv)["time"]) / 60, 1)


def _last_row(metrics_csv: Path) -> dict[str, str]:
    with Path(metrics_csv).open() as rows:
        return [row for row in csv.DictReader(rows) if row][-1]


def ensure_corpus(
    recipe: DemoRecipe, corpus: Path, env: Mapping[str, str], runner=None, trusted=False
) -> list[str]:
    """Builds the corpus unless ``corpus`` holds one built by the same command (``trusted``: any
    corpus there, given by the user); returns the command either way."""
    command = corpus_command(recipe, corpus)
    stamp = corpus / "demo-build-command.json"
    built = (corpus / "manifest.jsonl").is_file()
    if built and (trusted or (stamp.is_file() and json.loads(stamp.read_text()) == command)):
        print(f"reusing the corpus in {corpus}", flush=True)
        return command
    (runner or PersonaStudio()).run(command, env)
    corpus.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps(command) + "\n")
    return command


def scratch_store(env: Mapping[str, str] | None = None) -> tuple[Path, dict[str, str]]:
    """A fresh model store and the environment that points ``persona-studio`` at it."""
    store = Path(tempfile.mkdtemp(prefix="persona-demo-store-"))
    return store, dict(env if env is not None else os.environ, PERSONA_STUDIO_DATA=str(store))


def install_entry(entry: Path, destination: Path) -> None:
    if destination.exists():
        shutil.rmtree(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(entry, destination)


def mark_demo_source(destination: Path, recipe: DemoRecipe, **fields: Any) -> None:
    """``source.json`` says: demo weights, their licence and how they were made."""
    path = destination / "source.json"
    source = json.loads(path.read_text())
    origin = recipe.origin or (
        f"persona-studio train on the synthetic {recipe.corpus} corpus (demo preset)"
    )
    source.update(demo=True, licence=LICENCE, origin=origin, **fields)
    path.write_text(json.dumps(source, indent=2, sort_keys=True) + "\n")


def torch_threads(env: Mapping[str, str]) -> int | str:
    if env.get("OMP_NUM_THREADS", "").isdigit():
        return int(env["OMP_NUM_THREADS"])
    import torch

    return torch.get_num_threads()  # the children start with the same environment


def final_losses(recipe: DemoRecipe, run: Path) -> dict[str, Any]:
    def read(folder: str) -> dict[str, float]:
        values = last_metrics(run / folder / "metrics.csv")
        return {key: float(f"{value:.6g}") for key, value in values.items()}

    if len(recipe.losses) == 1:
        return read(recipe.losses[0])
    return {folder: read(folder) for folder in recipe.losses}


def shown(commands: Sequence[Sequence[str]]) -> list[str]:
    """The commands as a reader retypes them: from the repository, not this machine's path."""
    here = f"{Path.cwd()}/"
    return [("persona-studio " + " ".join(command)).replace(here, "") for command in commands]


def yardstick(
    recipe: DemoRecipe, entry: Path, work: Path, env: Mapping[str, str], runner=None
) -> tuple[dict | None, list[str] | None]:
    """``persona-studio evaluate`` of a face generator's entry, and its command; ``(None,
    None)`` (and a note) where the command does not exist yet."""
    runner = runner or PersonaStudio()
    if not recipe.yardstick:
        return None, None
    if not runner.exists("evaluate", env):
        print("note: no `persona-studio evaluate` here, so TRAINING.json has no yardstick")
        return None, None
    out = work / f"evaluate-{entry.name}.json"
    command = ["evaluate", recipe.generator, "--weights", str(entry), "--json", str(out)]
    runner.run(command, env)
    return json.loads(out.read_text()), command


def write_record(destination: Path, record: Mapping[str, Any]) -> None:
    (destination / "TRAINING.json").write_text(json.dumps(record, indent=2) + "\n")
