"""``persona-studio train wen2019:voice-to-face``: the paper's recipe on a manifest."""

from __future__ import annotations

import json
import os

from studio.api import ImportedWeights, Progress, TrainRequest
from studio.ml.manifest import read_manifest
from studio.ml.settings import as_record

from .importer import entry_config
from .layout import join_entry
from .training.data import build_corpus
from .training.settings import resolve
from .training.stages import generator_config, train_embedding, train_gan, voice_config
from .training.traits import identity_traits


def main(request: TrainRequest) -> ImportedWeights | None:
    settings = resolve(request.settings)
    out = request.out
    out.mkdir(parents=True, exist_ok=True)
    samples = read_manifest(request.manifest)
    corpus = build_corpus(
        request.manifest, samples, out / "features", settings.max_frames, Progress()
    )
    if settings.trait_weight > 0:
        corpus.traits = identity_traits(request.manifest, corpus.names)
    (out / "recipe.json").write_text(
        json.dumps(
            {
                "settings": as_record(settings),
                "identities": len(corpus.names),
                "utterances": len(corpus.voices),
                "faces": len(corpus.faces),
            },
            indent=2,
        )
    )
    voice_state = train_embedding(
        settings, corpus, out / "embedding", request.resume, request.device
    )
    generator_state = train_gan(
        settings, corpus, voice_state, out / "gan", request.resume, request.device
    )
    if int(os.environ.get("RANK", "0")) != 0:  # under torchrun only the main process exports
        return None
    return ImportedWeights(
        tensors=join_entry(voice_state, generator_state),
        config=entry_config(voice_config(settings), generator_config(settings)),
        licence="trained by you with Persona Studio; the training data's terms apply",
        origin=f"persona-studio train on {request.manifest} ({settings.preset} preset, {settings.steps} steps)",
    )
