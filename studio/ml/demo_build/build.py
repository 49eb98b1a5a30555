"""``build_demo_model``: a plugin's recipe from corpus to the recorded, installed entry."""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .recipe import DemoRecipe, corpus_command, train_command
from .steps import (
    PersonaStudio,
    ensure_corpus,
    final_losses,
    install_entry,
    mark_demo_source,
    scratch_store,
    shown,
    torch_threads,
    write_record,
    yardstick,
)


def demo_arguments(recipe: DemoRecipe, description: str | None) -> argparse.ArgumentParser:
    """The options every script has: --work, --set (repeatable) and --dest."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--work", type=Path, default=Path(f"build/demo-{recipe.plugin}"))
    parser.add_argument("--set", dest="settings", action="append", default=[])
    parser.add_argument(
        "--dest",
        type=Path,
        metavar="DIR",
        default=recipe.models,
        help=f"the models folder the entry goes into (default: the plugin's, {recipe.models})",
    )
    return parser


@dataclass
class DemoBuild:
    """The options of one build (the script's command line)."""

    work: Path
    settings: Sequence[str] = ()  # --set values, after the recipe's stage settings
    dest: Path | None = None  # the entry folder (default: the recipe's destination)
    corpus: Path | None = None  # a corpus the user built (default: work/corpus, reused if same)
    resume: bool = False  # the first run continues its checkpoint (later ones always do)
    skip_training: bool = False  # measure the entry already at dest again
    wall_minutes: float | None = None  # recorded when training ran elsewhere
    extra: Mapping[str, Any] = field(default_factory=dict)  # more TRAINING.json fields


def build_demo_model(
    recipe: DemoRecipe,
    build: DemoBuild,
    *,
    before_training: Callable[[Path], None] | None = None,
    finish_entry: Callable[[Path, Path], None] | None = None,
    about_run: Callable[[Path], Mapping[str, Any]] | None = None,
    measure: Callable[[Path, Path], Mapping[str, Any]] | None = None,
    runner=None,
) -> dict[str, Any]:
    """Builds, installs and records the demo entry; returns TRAINING.json's record.

    ``before_training(manifest)`` runs after the corpus (xfavot trains its helpers there),
    ``finish_entry(entry, manifest)`` on the installed entry before it is measured,
    ``about_run(run)`` adds record fields from a finished run folder, and
    ``measure(entry, manifest)`` the plugin's own quality figures and slider basis.
    """
    runner = runner or PersonaStudio()
    work = build.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    corpus = (build.corpus or work / "corpus").resolve()
    destination = (build.dest or recipe.destination).resolve()
    manifest, run = corpus / "manifest.jsonl", work / "run"
    store, env = scratch_store()
    try:
        started = time.time()
        commands = [corpus_command(recipe, corpus)]
        commands += [
            train_command(
                recipe, corpus, run, [*stage, *build.settings], resume=build.resume or k > 0
            )
            for k, stage in enumerate(recipe.stages)
        ]
        record: dict[str, Any] = {}
        if build.skip_training:
            previous = destination / "TRAINING.json"
            record = json.loads(previous.read_text()) if previous.is_file() else {}
            if not manifest.is_file():
                ensure_corpus(recipe, corpus, env, runner, trusted=build.corpus is not None)
        else:
            ensure_corpus(recipe, corpus, env, runner, trusted=build.corpus is not None)
            if before_training is not None:
                before_training(manifest)
            for command in commands[1:]:
                runner.run(command, env)
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            record = {
                "commands": [],  # the keys' order in the file
                "torch_threads": torch_threads(env),
                "corpus": {},
                "wall_minutes": round((time.time() - started) / 60, 1),
                "cpu_minutes": round((children.ru_utime + children.ru_stime) / 60, 1),
            }
            install_entry(store / "models" / recipe.plugin / recipe.entry, destination)
        # A re-measured entry keeps what its record says of the training and gains what it lacks.
        fresh: dict[str, Any] = {"commands": shown(commands), "corpus": recipe.corpus_record()}
        if "torch_threads" not in record:
            fresh["torch_threads"] = torch_threads(env)
        if all((run / folder / "metrics.csv").is_file() for folder in recipe.losses):
            fresh["final_losses"] = final_losses(recipe, run)
        if about_run is not None and run.is_dir():
            fresh.update(about_run(run))
        for key, value in fresh.items():
            if not build.skip_training or key not in record:
                record[key] = value
        if build.wall_minutes is not None:
            record["wall_minutes"] = build.wall_minutes
        record["art"] = recipe.art
        record.update(build.extra)
        if finish_entry is not None:
            finish_entry(destination, manifest)
        mark_demo_source(destination, recipe)
        write_record(destination, record)  # kept should a measurement fail
        if measure is not None:
            record.update(measure(destination, manifest))
            write_record(destination, record)
        figures, command = yardstick(recipe, destination, work, env, runner)
        if figures is not None:
            record["yardstick"] = {"command": shown([command])[0], **figures}
            write_record(destination, record)
        print(json.dumps(record, indent=2))
        return record
    finally:
        shutil.rmtree(store, ignore_errors=True)  # a failed build leaves no store behind
