"""VGGSound / VEGAS pairs in the layout Sound2Scene's loader reads (a2s_dataloader.py).

``<root>/images/<stem>.jpg`` (the chosen frame) and ``<root>/audios/<stem>.wav`` (the 10-s
clip) pair up by their file stem, e.g. ``1XjwssJT_ok_25000_35000``. Stems found on one side
only are reported together. The split is the folder's (the official code trains and validates
on one ``--data_path``); build one manifest per folder for train and test.
"""

from __future__ import annotations

from pathlib import Path

from studio.api.errors import InputError

from ..manifest import SPLITS, Sample

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
AUDIO_SUFFIXES = (".wav", ".flac")
SHOWN = 5


def _by_stem(folder: Path, suffixes: tuple[str, ...]) -> dict[str, Path]:
    if not folder.is_dir():
        raise InputError(folder, "no such folder (expected images/ and audios/ side by side)")
    return {
        path.stem: path
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix.lower() in suffixes
    }


def build_samples(root: Path, split: str = "train", allow_unpaired: bool = False) -> list[Sample]:
    """One paired sample per stem found in both ``images/`` and ``audios/``."""
    if split not in SPLITS:
        raise InputError(root, f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    root = Path(root)
    images = _by_stem(root / "images", IMAGE_SUFFIXES)
    audios = _by_stem(root / "audios", AUDIO_SUFFIXES)
    unpaired = sorted(set(images) ^ set(audios))
    if unpaired and not allow_unpaired:
        shown = ", ".join(unpaired[:SHOWN]) + (" ..." if len(unpaired) > SHOWN else "")
        raise InputError(
            root, f"{len(unpaired)} stems have an image or a sound but not both: {shown}"
        )
    stems = sorted(set(images) & set(audios))
    if not stems:
        raise InputError(root, "no image in images/ has a sound of the same name in audios/")
    return [Sample(stem, audios[stem], images[stem], split) for stem in stems]
