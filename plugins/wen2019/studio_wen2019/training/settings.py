"""Hyper-parameters of the recipe, with the paper's values as defaults and a small demo preset.

Paper [§4]: Adam lr 2e-4, betas (0.5, 0.999), batch 128, 100K iterations, 3-8 s crops.
Official code: the 0.05 embedding perturbation, one crop length per batch in [300, 800]
frames, random horizontal flips of faces. The speaker-classifier pre-training of the voice
embedding is not specified by the paper (the authors trained it with cross-entropy on
VoxCeleb1): its steps and learning rate are our choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.ml.settings import resolve_preset


@dataclass(frozen=True)
class TrainSettings:
    preset: str = "paper"
    steps: int = 100_000
    batch_size: int = 128
    lr: float = 2e-4
    beta1: float = 0.5
    beta2: float = 0.999
    noise: float = 0.05
    min_frames: int = 300
    max_frames: int = 800
    flip: bool = True
    embedding_steps: int = 20_000
    embedding_lr: float = 1e-3
    embedding_batch_size: int = 128
    voice_channels: tuple[int, ...] = (256, 384, 576, 864)
    generator_channels: tuple[int, ...] = (1024, 512, 256, 128, 64)
    face_channels: tuple[int, ...] = (32, 64, 128, 256, 512)
    embedding: int = 64
    seed: int = 0
    checkpoint_every: int = 1000
    log_every: int = 50
    # Stabilisers outside the paper (0 = off, as in the paper preset); they keep the layout.
    pixel_weight: float = 0.0  # L1 from G(voice) to a face of the voice's own identity
    pixel_size: int = 64  # ... compared after average-pooling both to this size (64: as drawn)
    ema_decay: float = 0.0  # export an exponential moving average of G instead of G
    trait_weight: float = 0.0  # stage 1 also regresses the speaker's traits (speakers.json)
    diffaugment: bool = False  # D sees real and generated faces shifted and cut out alike
    smooth_init: bool = False  # G's upsamplings start as bilinear ones (no checkerboard)


PRESETS = {
    "paper": {},
    # The bundled demo model: the same topology with fewer channels, sized to train on the
    # avatar corpus on two CPU cores in about an hour and ship in 3 MB, with three of the
    # stabilisers above (each a deviation from the paper, recorded in TRAINING.json): the trait
    # head, because a few hundred identities leave the voice cues weak in the embedding, and the
    # pixel term and the EMA, because a GAN alone does not converge in the budget. The others
    # are there to try: all of them together scored worse (docs/demo-data.md).
    "demo": {
        "steps": 4000,
        "batch_size": 64,
        "embedding_steps": 3000,
        "embedding_batch_size": 64,
        "min_frames": 200,
        "max_frames": 400,
        "voice_channels": (64, 96, 128, 160),
        "generator_channels": (192, 96, 48, 32, 16),
        "face_channels": (16, 32, 64, 96, 128),
        "checkpoint_every": 250,
        "log_every": 20,
        "pixel_weight": 10.0,
        "ema_decay": 0.999,
        "trait_weight": 1.0,
    },
}


def resolve(settings: dict[str, str]) -> TrainSettings:
    """The preset named by ``--set preset=...`` (default: paper), then every other override."""
    return resolve_preset(TrainSettings(), PRESETS, settings)
