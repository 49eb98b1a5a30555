"""A sounds-scenes corpus in the VGGSound/VEGAS layout Sound2Scene's loader reads.

Layout under ``out_dir``::

    audios/<stem>.wav     2 s, 16 kHz, 16-bit mono: the ambient bed plus one or two sources
    images/<stem>.png     the matching scene (64x64 RGB by default)
    scenes.json           every item's classes, levels (dB over the bed) and split
    manifest.jsonl        {"speaker": classes, "audio", "face": image, "split"} per pair
    recordings/<class>.wav  one field recording per class (its source over its own bed), for
                          trying the mixer: put two on two tracks and move one's fader

Item ``i`` is a function of (seed, i) alone; the manifest is written last, so a corpus whose
manifest exists is complete.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from studio.api.clip import AudioClip
from studio.audio.io import write_audio
from studio.base.atomic import write_text_atomically

from . import seeds
from .scenes import LEVELS_DB, SIZE, Placed, scene
from .sound_sources import CLASSES, RATE, bed, level_gain, source

FORMAT = "persona-studio-demo-sounds-scenes/1"
ITEM = 24  # seeds purpose of an item's draws
RECORDING = 25  # seeds purpose of the example recordings
RECORDING_DB = 12.0  # an example recording's source level over its own ambient bed
TWO_SOURCES = 0.5  # share of items with two sources: real clips rarely hold one sound, and
# without many mixes neither G nor f_A has a reason to draw two objects

ProgressCallback = Callable[[float, str], None]


@dataclass(frozen=True)
class Item:
    index: int
    seed: int
    objects: tuple[Placed, ...]
    split: str

    @property
    def stem(self) -> str:
        return f"{self.index:05d}"

    @property
    def label(self) -> str:
        return "+".join(
            CLASSES[o.kind].replace(" ", "_") for o in sorted(self.objects, key=lambda o: o.kind)
        )


def draw_item(index: int, seed: int, split: str) -> Item:
    rng = seeds.stream(seed, ITEM, index)
    count = 2 if rng.uniform() < TWO_SOURCES else 1
    kinds = rng.choice(len(CLASSES), size=count, replace=False)
    objects = tuple(Placed(int(k), float(rng.uniform(*LEVELS_DB))) for k in kinds)
    return Item(index, seeds.derive_seed(seed, ITEM, index), objects, split)


def tracks(item_seed: int, objects: Sequence[Placed]) -> tuple[np.ndarray, list[np.ndarray]]:
    """The bed and each source at its level, as separate tracks (float64, 16 kHz)."""
    sources = [level_gain(o.level_db) * source(o.kind, item_seed) for o in objects]
    return bed(item_seed), sources


def render_audio(item_seed: int, objects: Sequence[Placed]) -> AudioClip:
    ambient, sources = tracks(item_seed, objects)
    return AudioClip((ambient + sum(sources)).astype(np.float32), RATE)


def recording(kind: int, seed: int) -> AudioClip:
    """A field recording of one class: its source ``RECORDING_DB`` over an ambient bed of its
    own. Two on two tracks mix as two recordings do: raising one's fader raises its source and
    its bed, so that source comes nearer and the other one recedes (paper M3)."""
    item_seed = seeds.derive_seed(seed, RECORDING, kind)
    ambient, (heard,) = tracks(item_seed, [Placed(kind, RECORDING_DB)])
    return AudioClip((ambient + heard).astype(np.float32), RATE)


def recording_name(kind: int) -> str:
    return CLASSES[kind].replace(" ", "_") + ".wav"


def write_recordings(out_dir: Path, seed: int) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for kind in range(len(CLASSES)):
        # float samples: a crackle's peaks may pass 1.0, which 16-bit would clip
        write_audio(out_dir / recording_name(kind), recording(kind, seed), subtype="FLOAT")


def build_sounds_scenes(
    out_dir: str | os.PathLike[str],
    items: int = 2000,
    seed: int = 1,
    heldout_fraction: float = 0.1,
    size: int = SIZE,
    progress: ProgressCallback | None = None,
) -> Path:
    """Write the corpus and return its manifest; the last ``heldout_fraction`` items are "test"."""
    if items < 1:
        raise ValueError("items must be >= 1")
    if not 0 <= heldout_fraction < 1:
        raise ValueError(f"heldout_fraction must be in [0, 1), got {heldout_fraction}")
    root = Path(out_dir)
    (root / "audios").mkdir(parents=True, exist_ok=True)
    (root / "images").mkdir(parents=True, exist_ok=True)
    manifest = root / "manifest.jsonl"
    manifest.unlink(missing_ok=True)
    train = items - round(items * heldout_fraction)
    report = progress or (lambda fraction, message: None)
    drawn = [draw_item(i, seed, "train" if i < train else "test") for i in range(items)]
    for done, item in enumerate(drawn, start=1):
        write_audio(root / "audios" / f"{item.stem}.wav", render_audio(item.seed, item.objects))
        picture = scene(item.objects, item.seed, size)
        Image.fromarray(picture).save(root / "images" / f"{item.stem}.png")
        if done % 50 == 0 or done == items:
            report(done / (items + 1), f"rendered {done} of {items} scenes")
    write_recordings(root / "recordings", seed)
    record = {
        "format": FORMAT,
        "seed": seed,
        "classes": list(CLASSES),
        "items": [
            {
                "stem": item.stem,
                "split": item.split,
                "objects": [
                    {"class": CLASSES[o.kind], "level_db": round(o.level_db, 3)}
                    for o in item.objects
                ],
            }
            for item in drawn
        ],
    }
    write_text_atomically(root / "scenes.json", json.dumps(record, indent=1) + "\n")
    lines = [
        json.dumps(
            {
                "speaker": item.label,
                "audio": f"audios/{item.stem}.wav",
                "face": f"images/{item.stem}.png",
                "split": item.split,
            }
        )
        for item in drawn
    ]
    write_text_atomically(manifest, "".join(line + "\n" for line in lines))
    report(1.0, f"wrote {items} pairs to {manifest}")
    return manifest
