"""A plugin's demo recipe: the corpus it is trained on, how it is trained, where it goes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DRAWN_FACES = "drawn faces (studio.demodata.face, no third-party art)"
AVATARS = (
    "avatars: python_avatars 1.4.1 (MIT, (c) 2021 Ibon; art: Pablo Stanley's Avataaars, free "
    "for personal and commercial use) rendered by resvg 0.2.0 (MIT)"
)
DRAWN_SCENES = "drawn scenes (studio.demodata.scenes, no third-party art)"
LICENCE = "demo weights trained by Persona Studio on synthetic data"
CORPUS_SIZE_FLAG = {"voices-faces": "--speakers", "sounds-scenes": "--items"}


@dataclass(frozen=True)
class DemoRecipe:
    """What one plugin's demo is: the corpus it is trained on and how it is trained."""

    plugin: str  # "wen2019"
    generator: str  # "wen2019:voice-to-face"
    models: Path  # the plugin's bundled models folder: the entry goes to models / entry
    entry: str = "demo"  # the export name, and the bundled entry's folder name
    corpus: str = "voices-faces"  # the demo-data kind
    corpus_size: int = 200  # --speakers (voices-faces) or --items (sounds-scenes)
    corpus_seed: int = 1
    corpus_args: tuple[str, ...] = ()  # further demo-data arguments
    stages: tuple[tuple[str, ...], ...] = ((),)  # settings of each train run beyond preset=demo
    losses: tuple[str, ...] = ("",)  # metrics.csv folders in the run (one: the losses unnested)
    faces: str = "drawn"  # voices-faces: "drawn" faces (the shipped models') or "avatar"s
    yardstick: bool = False  # a face generator: measure it with `persona-studio evaluate`
    origin: str = ""  # source.json's origin (default: trained on the synthetic corpus)

    @property
    def destination(self) -> Path:
        return self.models / self.entry

    @property
    def art(self) -> str:
        """Where the corpus's pictures come from, and their licence."""
        if self.corpus == "sounds-scenes":
            return DRAWN_SCENES
        return AVATARS if self.faces == "avatar" else DRAWN_FACES

    def corpus_record(self) -> dict[str, Any]:
        size = CORPUS_SIZE_FLAG.get(self.corpus, "--size").lstrip("-")
        return {size: self.corpus_size, "seed": self.corpus_seed}


def corpus_command(recipe: DemoRecipe, corpus: Path) -> list[str]:
    size = CORPUS_SIZE_FLAG.get(recipe.corpus, "--size")
    style = ["--face-style", recipe.faces] if recipe.corpus == "voices-faces" else []
    return ["demo-data", recipe.corpus, "--out", str(corpus), size, str(recipe.corpus_size),
            "--seed", str(recipe.corpus_seed), *style, *recipe.corpus_args]  # fmt: skip


def train_command(
    recipe: DemoRecipe,
    corpus: Path,
    run: Path,
    settings: Sequence[str] = (),
    *,
    export: str | None = None,
    resume: bool = False,
) -> list[str]:
    """``persona-studio train`` of the demo preset on the corpus, exported under ``export``."""
    return ["train", recipe.generator, "--data", str(corpus / "manifest.jsonl"), "--out",
            str(run), "--set", "preset=demo", *[f"--set={s}" for s in settings],
            "--export", export or recipe.entry, "--replace", "--device", "cpu",
            *(["--resume"] if resume else [])]  # fmt: skip
