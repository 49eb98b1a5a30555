"""``persona-studio train sf2f:voice-to-face``: the paper's two-stage recipe on a manifest."""

from __future__ import annotations

import json
import os

from studio.api import ImportedWeights, Progress, TrainRequest
from studio.ml.manifest import read_manifest
from studio.ml.settings import as_record

from .model import entry_config
from .training.data import build_corpus
from .training.settings import resolve
from .training.stages import decoder_config, encoder_config, train_stage_one, train_stage_two

PERCEPTUAL_OFF = (
    "L_P (FaceNet perceptual loss) is off: no face-embedding network was given, so "
    "L_conj = 10 L_1 + 1 L_G + 0.05 L_C (the paper's Table 7 'w/o L_P' ablation). Give FaceNet's "
    "checkpoint (e.g. 20180402-114759-vggface2.pt) with --set face_embedder=FILE to turn it on"
)


def perceptual_note(settings) -> str:
    if not settings.face_embedder:
        return PERCEPTUAL_OFF
    return (
        f"L_P (FaceNet perceptual loss) is on, weight {settings.perceptual_weight:g}, with the "
        f"face embedder {settings.face_embedder}"
    )


def main(request: TrainRequest) -> ImportedWeights | None:
    settings = resolve(request.settings)
    if settings.face_embedder:  # a wrong file fails now, not after the corpus is read
        from .facenet import load_face_embedder

        load_face_embedder(settings.face_embedder)
    out = request.out
    out.mkdir(parents=True, exist_ok=True)
    samples = read_manifest(request.manifest)
    corpus = build_corpus(
        request.manifest, samples, out / "features", settings.resolutions, Progress()
    )
    note = perceptual_note(settings)
    if int(os.environ.get("RANK", "0")) == 0:
        print(f"note: {note}", flush=True)
    (out / "recipe.json").write_text(
        json.dumps(
            {
                "settings": as_record(settings),
                "perceptual_loss": note,
                "identities": len(corpus.names),
                "utterances": len(corpus.mels),
                "faces": len(corpus.face_labels),
            },
            indent=2,
        )
    )
    model_state, critic_state = train_stage_one(
        settings, corpus, out / "stage1", request.resume, request.device
    )
    state = train_stage_two(
        settings, corpus, model_state, critic_state, out / "stage2", request.resume, request.device
    )
    if int(os.environ.get("RANK", "0")) != 0:  # under torchrun only the main process exports
        return None
    return ImportedWeights(
        tensors=state,
        config=entry_config(encoder_config(settings), decoder_config(settings), corpus.features),
        licence="trained by you with Persona Studio; the training data's terms apply",
        origin=(
            f"persona-studio train on {request.manifest} ({settings.preset} preset, "
            f"{settings.steps} + {settings.fuser_steps} steps)"
        ),
    )
