"""``persona-studio train avpgan:voice-to-face``: the paper's recipe on a manifest.

1. the frozen voice encoder: read from ``--set voice_encoder=FILE`` or pre-trained here as a
   speaker classifier (wen2019's stage, the same network);
2. the GAN stage of Algorithm 1 (G with CBAM and spectral norm, D and C);
3. the restoration network, fine-tuned with GFP-GAN's losses on the training faces
   (``--set restore_steps=0`` skips it; ``restore_from=FILE`` starts from a GFP-GAN checkpoint).
"""

from __future__ import annotations

import json
import os

from studio.api import ImportedWeights, Progress, TrainRequest
from studio.ml.manifest import read_manifest
from studio.ml.settings import as_record

from .layout import entry_config, join_entry
from .training.encoder import frozen_encoder, read_voice_encoder
from .training.gan import generator_config, train_gan
from .training.restoration import restorer_config, train_restorer
from .training.settings import TrainSettings, resolve


def main(request: TrainRequest) -> ImportedWeights | None:
    from studio_wen2019.training.data import build_corpus

    settings = resolve(request.settings)
    out = request.out
    out.mkdir(parents=True, exist_ok=True)
    if settings.voice_encoder:  # checked before the corpus is read
        voice_cfg, voice_state = read_voice_encoder(settings.voice_encoder)
    samples = read_manifest(request.manifest)
    corpus = build_corpus(
        request.manifest, samples, out / "features", settings.max_frames, Progress()
    )
    (out / "recipe.json").write_text(
        json.dumps(
            {
                "settings": as_record(settings),
                "identities": len(corpus.names),
                "utterances": len(corpus.voices),
                "faces": len(corpus.faces),
                "restoration_losses_off": losses_off(settings) if settings.restore_steps else {},
            },
            indent=2,
        )
    )
    if not settings.voice_encoder:
        voice_cfg, voice_state = _pretrain_encoder(settings, corpus, request)
    voice = frozen_encoder(voice_cfg, voice_state, "cpu")
    generator_state = train_gan(
        settings, corpus, voice, out / "gan", request.resume, request.device
    )
    parts = {"voice": voice.state_dict(), "generator": generator_state}
    restorer = None
    if settings.restore_steps > 0:
        parts["restorer"] = train_restorer(
            settings, corpus.faces, out / "restoration", request.resume, request.device
        )
        restorer = restorer_config(settings)
    if int(os.environ.get("RANK", "0")) != 0:  # under torchrun only the main process exports
        return None
    return ImportedWeights(
        tensors=join_entry(**parts),
        config=entry_config(voice_cfg, generator_config(settings), restorer),
        licence="trained by you with Persona Studio; the training data's terms apply",
        origin=f"persona-studio train on {request.manifest} ({settings.preset} preset, {settings.steps} steps)",
    )


def losses_off(settings: TrainSettings) -> dict[str, str]:
    """The restoration losses this run leaves out, and why (said in recipe.json and the log)."""
    off = {}
    if not settings.perceptual_network:
        off["L_per"] = "no VGG-19 weights given (--set perceptual_network=FILE)"
    if not settings.identity_network:
        off["L_id"] = "no ArcFace weights given (--set identity_network=FILE)"
    for name, weight in (
        ("L_adv", settings.lambda_adv),
        ("L_comp", settings.lambda_local + settings.lambda_fs),
    ):
        if weight == 0:
            off[name] = "weight set to 0"
    for name, reason in off.items():
        print(f"restoration: {name} is off: {reason}", flush=True)
    return off


def _pretrain_encoder(settings: TrainSettings, corpus, request: TrainRequest):
    from studio_wen2019.networks import VoiceConfig
    from studio_wen2019.training.stages import train_embedding

    # wen2019's stage reads voice_config from these same field names
    state = train_embedding(
        settings, corpus, request.out / "embedding", request.resume, request.device
    )
    return VoiceConfig(channels=settings.voice_channels, embedding=settings.embedding), state
