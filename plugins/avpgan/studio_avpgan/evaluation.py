"""How much the restoration network undoes degradations, on faces it never saw.

Every held-out face, brought to 64x64, is degraded once by the training degradation model with
a fixed seed; the degraded face goes through the enhancement stage exactly as a generated face
does (bicubic to the restorer's size, restoration, 512x512). The clean face as stored (a 256 px
avatar, or a 64 px face), bicubic-resampled to 512, is the reference: the raw (upsampled degraded) and the restored face are both scored
against it (mean absolute error in [0, 255] units, mean PSNR, and the share of faces the
restorer brings closer).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch


def restoration_gain(weights: Path, faces: list[Path], seed: int = 0) -> dict[str, float]:
    from studio.api import ModelRef

    from .restoration.stage import OUTPUT_SIZE
    from .restore import load
    from .training.degrade import degrade
    from .training.restoration import face_pair

    folder = Path(weights)
    config = json.loads((folder / "config.json").read_text())
    enhancer = load("cpu", ModelRef("avpgan", folder.name, folder, config, "")).enhancer
    scores: dict[str, list[tuple[float, float]]] = {"raw": [], "restored": []}
    for index, path in enumerate(faces):
        frame, reference = (torch.from_numpy(p)[None] for p in face_pair(path, OUTPUT_SIZE))
        degraded = degrade(frame, torch.Generator().manual_seed(seed * 100_003 + index))
        raw, restored = enhancer(degraded, 1.0, seed)
        for name, image in (("raw", raw), ("restored", restored)):
            difference = (image - reference) * 127.5  # in [0, 255] units
            scores[name].append((float(difference.abs().mean()), float(difference.pow(2).mean())))
    record: dict[str, float] = {"faces": len(faces)}
    for name, values in scores.items():
        mae, mse = np.array(values).T
        record[f"mae_{name}"] = round(float(mae.mean()), 2)
        record[f"psnr_{name}_db"] = round(float(np.mean(10 * np.log10(255.0**2 / mse))), 2)
    record["faces_improved"] = round(
        float(np.mean([r[0] < w[0] for r, w in zip(scores["restored"], scores["raw"])])), 3
    )
    return record
