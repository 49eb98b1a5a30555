"""Principal axes of a voice encoder's latents over a synthetic corpus, named after the speaker
parameter each one follows, for the app's latent sliders (``studio.ml.latent_basis``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from studio.ml.evaluation.latent_names import NAMING_THRESHOLD, PARAMETER_NAMES


def principal_directions(
    generator_id: str, weights: Path, manifest: Path, components: int = 8
) -> tuple[list[str], np.ndarray]:
    """Names and unit vectors ``[components, dim]`` of the top principal axes of the latents
    of the manifest's training utterances; each axis points towards more of what it is named
    after."""
    from scipy.stats import spearmanr

    from studio.api import silent
    from studio.demodata.corpus import read_speakers
    from studio.engine import Engine
    from studio.engine.inputs import load_inputs
    from studio.host import PluginHost
    from studio.ml.manifest import read_manifest
    from studio.weights import ModelStore

    engine = Engine(PluginHost(), ModelStore())
    info = engine.host.generator(generator_id)
    model, _ = engine.model(info, engine.weights(info, str(weights)), "cpu")
    params = engine.params_for(info, {}) | {"seed": 0}
    samples = [s for s in read_manifest(manifest) if s.split == "train" and s.audio]
    people = {p.id: p for p in read_speakers(Path(manifest).parent / "speakers.json")}
    latents = []
    for sample in samples:
        inputs, _ = load_inputs(info, {info.inputs[0].name: sample.audio})
        latents.append(
            model.encode(inputs, dict(params), silent()).arrays[info.latent.array].reshape(-1)
        )
    matrix = np.stack(latents).astype(np.float64)
    _, _, axes = np.linalg.svd(matrix - matrix.mean(axis=0), full_matrices=False)
    projections = (matrix - matrix.mean(axis=0)) @ axes[:components].T
    names, vectors = [], []
    for index in range(components):
        correlations = {
            name: spearmanr(
                projections[:, index], [getattr(people[s.speaker], name) for s in samples]
            ).statistic
            for name in PARAMETER_NAMES
        }
        best = max(correlations, key=lambda name: abs(correlations[name]))
        sign = 1.0 if correlations[best] >= 0 else -1.0
        label = f"PC{index + 1}"
        if abs(correlations[best]) >= NAMING_THRESHOLD:
            label += f": more {PARAMETER_NAMES[best]}"
        names.append(label)
        vectors.append(sign * axes[index])
    return names, np.stack(vectors)
