"""How well a voice-to-face model reads the synthetic speakers' parameters from their voices.

On speakers the model never saw (a corpus drawn with another seed), every utterance becomes a
face, and the face measurements of ``studio.ml.evaluation.faces`` are compared with the
speaker's true parameters:

- per trained attribute, the Spearman correlation between the measurement and the parameter
  (sign-corrected, so higher is better);
- the paper's 1-of-2 cross-modal matching: given a voice and two true faces (its speaker's
  and another speaker's), pick the face closer to the generated one. Closeness is measured
  in the space of the face measurements, standardised over the true faces (it plays the role
  of the paper's face embedding).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from studio.ml.evaluation.faces import (
    ATTRIBUTES,
    MEASUREMENTS,
    face_pixels,
    measure_face,
    smooth,
)

EVAL_SEED = 2  # the demo model is trained on seed 1: these speakers are new to it


@dataclass
class QualityReport:
    spearman: dict[str, float]
    matching_accuracy: float
    trials: int
    speakers: int
    faces: int
    details: dict[str, float] = field(default_factory=dict)

    def as_record(self) -> dict:
        return {
            "spearman": {k: round(v, 3) for k, v in self.spearman.items()},
            "matching_accuracy": round(self.matching_accuracy, 3),
            "trials": self.trials,
            "held_out_speakers": self.speakers,
            "generated_faces": self.faces,
        }

    def __str__(self) -> str:
        rho = ", ".join(f"{name} {value:.2f}" for name, value in self.spearman.items())
        return (
            f"Spearman on {self.speakers} held-out speakers ({self.faces} faces): {rho}; "
            f"1-of-2 matching {self.matching_accuracy * 100:.1f}% over {self.trials} trials"
        )


def evaluate(
    manifest: Path,
    weights: Path | str,
    trials: int = 400,
    seed: int = 0,
    generator: str = "wen2019:voice-to-face",
    params: dict | None = None,
) -> QualityReport:
    """``generator`` may be any voice-to-face generator whose output (with ``params``) is the
    face to measure."""
    from scipy.stats import spearmanr

    from studio.demodata.corpus import read_speakers
    from studio.engine import Engine, GenerateRequest
    from studio.host import PluginHost
    from studio.ml.manifest import read_manifest
    from studio.weights import ModelStore

    pairs = read_manifest(manifest)
    people = {
        person.id: person for person in read_speakers(Path(manifest).parent / "speakers.json")
    }
    engine = Engine(PluginHost(), ModelStore())
    generated, true_faces = [], []
    for pair in pairs:
        request = GenerateRequest(
            generator, {"voice": pair.audio}, dict(params or {}), weights=str(weights), device="cpu"
        )
        generated.append(measure_face(smooth(engine.generate(request).output.pixels)))
        true_faces.append(measure_face(smooth(face_pixels(pair.face))))

    spearman = {}
    for attribute, (measurement, sign) in ATTRIBUTES.items():
        truth = [getattr(people[pair.speaker], attribute) for pair in pairs]
        values = [sign * face[measurement] for face in generated]
        spearman[attribute] = float(spearmanr(values, truth).statistic)

    def vector(face: dict[str, float]) -> np.ndarray:
        return np.array([face[name] for name in MEASUREMENTS])

    true_matrix = np.stack([vector(face) for face in true_faces])
    scale = true_matrix.std(axis=0) + 1e-9
    rng = np.random.default_rng(seed)
    speakers = sorted({pair.speaker for pair in pairs})
    faces_of = {
        name: [i for i, pair in enumerate(pairs) if pair.speaker == name] for name in speakers
    }
    correct = 0
    for _ in range(trials):
        voice = int(rng.integers(len(pairs)))
        own = pairs[voice].speaker
        pick = int(rng.integers(len(speakers) - 1))  # any speaker but the voice's own
        other = speakers[pick + (pick >= speakers.index(own))]
        truth = true_matrix[int(rng.choice(faces_of[own]))]
        impostor = true_matrix[int(rng.choice(faces_of[other]))]
        made = vector(generated[voice])
        correct += np.linalg.norm((made - truth) / scale) < np.linalg.norm(
            (made - impostor) / scale
        )
    return QualityReport(spearman, correct / trials, trials, len(speakers), len(pairs))
