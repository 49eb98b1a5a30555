"""Voice traits of the training identities, for the demo preset's auxiliary trait head.

A corpus made by ``persona-studio demo-data`` lists every speaker's parameters in
``speakers.json`` beside its manifest. Stage 1 may regress the four the avatar shows (F0,
vocal-tract length, breathiness, speaking rate) from the voice embedding, besides classifying the
speaker: with a few hundred identities instead of VoxCeleb's 1,251, identity alone leaves
those cues weak in the embedding of a voice it has never heard. The head is dropped after
stage 1, so the checkpoint layout is the paper's.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from studio.api import InputError

SPEAKERS_FILE = "speakers.json"
# What each regressed column is: log scales where the trait is perceived on one.
TRAITS = (
    ("f0_hz", math.log),
    ("vtl_cm", float),
    ("breathiness", float),
    ("rate_syl_s", float),
)


def identity_traits(manifest: Path, names: list[str]) -> np.ndarray:
    """float32 [len(names), 4]: each identity's traits, standardised over ``names``."""
    path = manifest.parent / SPEAKERS_FILE
    try:
        speakers = json.loads(path.read_text(encoding="utf-8"))["speakers"]
        by_id = {entry["id"]: entry for entry in speakers}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(
            path, f"the trait head (trait_weight > 0) needs the corpus's {SPEAKERS_FILE}: {error}"
        ) from None
    missing = [name for name in names if name not in by_id]
    if missing:
        raise InputError(path, f"has no parameters for {len(missing)} speakers, e.g. {missing[0]}")
    try:
        values = np.array(
            [[scale(float(by_id[name][key])) for key, scale in TRAITS] for name in names],
            dtype=np.float64,
        )
    except (KeyError, ValueError, TypeError) as error:
        raise InputError(path, f"a speaker's parameters are incomplete: {error}") from None
    spread = values.std(axis=0)
    spread[spread == 0] = 1.0
    return ((values - values.mean(axis=0)) / spread).astype(np.float32)
