"""Hyper-parameters of the recipe: the paper's values as defaults, and a small demo preset.

Paper [P] (section 4.1, Algorithm 1): Adam lr 2e-4, betas (0.5, 0.999) for every network,
50,000 iterations ("epochs"), ~8 s voice crops, 64x64 faces; restoration loss weights
lambda_l1 0.1, lambda_per 1, lambda_adv 0.1, lambda_local 1, lambda_fs 200, lambda_id 10.
Unspecified [U] and taken from Voice2Face [V2F]: batch 128, one crop length per batch in
[300, 800] frames, 0.05 embedding noise, horizontal flips, channel widths. From GFP-GAN [GFP]:
restoration lr 2e-3 and batch; its schedule (800k iterations) is far beyond a fine-tuning, so
``restore_steps`` is our choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.ml.settings import resolve_preset

ALL = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class TrainSettings:
    preset: str = "paper"
    # GAN stage (Algorithm 1)
    steps: int = 50_000
    batch_size: int = 128
    lr: float = 2e-4
    beta1: float = 0.5
    beta2: float = 0.999
    noise: float = 0.05
    min_frames: int = 300
    max_frames: int = 800
    flip: bool = True
    generator_channels: tuple[int, ...] = (1024, 512, 256, 128, 64)
    face_channels: tuple[int, ...] = (32, 64, 128, 256, 512)
    cbam_generator: tuple[int, ...] = ALL  # layer numbers followed by a CBAM; empty: none
    cbam_critic: tuple[int, ...] = ALL
    cbam_reduction: int = 16
    tanh: bool = False
    # Stabilisers outside the paper (0 = off, as in the paper preset), as wen2019's demo has
    # them; they keep the layout.
    pixel_weight: float = 0.0  # L1 from G(voice) to a face of the voice's own identity
    ema_decay: float = 0.0  # export an exponential moving average of G instead of G
    # The frozen speaker-recognition encoder: a file (wen2019's voice_embedding.pth, or a
    # wen2019/avpgan model-store entry); empty: pre-train one here as wen2019's recipe does.
    voice_encoder: str = ""
    embedding_steps: int = 20_000
    embedding_lr: float = 1e-3
    embedding_batch_size: int = 128
    voice_channels: tuple[int, ...] = (256, 384, 576, 864)
    embedding: int = 64
    # Restoration stage (GFP-GAN losses, Eqs. 7-11); 0 steps skips it
    restore_steps: int = 10_000
    restore_from: str = (
        ""  # a GFP-GAN clean checkpoint to fine-tune (the paper's "pretrained prior")
    )
    restore_size: int = 512
    restore_multiplier: float = 2
    restore_narrow: float = 1.0
    restore_style: int = 512
    restore_batch_size: int = 4
    restore_lr: float = 2e-3
    lambda_l1: float = 0.1
    lambda_per: float = 1.0
    lambda_adv: float = 0.1
    lambda_local: float = 1.0
    lambda_fs: float = 200.0
    lambda_id: float = 10.0
    lambda_pyramid: float = 0.0  # GFP-GAN's image-pyramid loss; not in the paper
    perceptual_network: str = ""  # torchvision VGG-19 weights (vgg19-dcbb9e9d.pth); else L_per off
    identity_network: str = ""  # GFP-GAN's arcface_resnet18.pth; else L_id off
    seed: int = 0
    checkpoint_every: int = 1000
    log_every: int = 50


PRESETS = {
    "paper": {},
    # The bundled demo: the same topologies with fewer channels, for two CPU threads and a
    # 45-minute budget, and wen2019's demo stabilisers (the pixel term and the EMA; deviations
    # recorded in TRAINING.json). The restorer lifts the GAN's 64 px faces to 256 px (the
    # enhancement stage upsamples its output to 512 bicubically). A from-scratch prior cannot be trained
    # adversarially in a few hundred CPU steps (tried: the critics' terms swamped the pixel
    # term and the error grew), so the demo's restorer is trained on reconstruction only: the
    # pixel term (weight raised, as there is no VGG-19) and GFP-GAN's pyramid loss.
    "demo": {
        "steps": 1000,
        "batch_size": 32,
        "min_frames": 200,
        "max_frames": 400,
        "generator_channels": (128, 64, 32, 16, 8),
        "face_channels": (8, 16, 32, 64, 64),
        "cbam_reduction": 4,
        "voice_channels": (64, 96, 128, 160),
        "restore_steps": 900,
        "restore_size": 256,
        "pixel_weight": 10.0,
        "ema_decay": 0.999,
        "restore_narrow": 0.0625,
        "restore_style": 64,
        "restore_batch_size": 8,
        "restore_lr": 1e-3,
        "lambda_l1": 1.0,
        "lambda_adv": 0.0,
        "lambda_local": 0.0,
        "lambda_fs": 0.0,
        "lambda_pyramid": 1.0,
        "checkpoint_every": 250,
        "log_every": 20,
    },
}


def resolve(settings: dict[str, str]) -> TrainSettings:
    """The preset named by ``--set preset=...`` (default: paper), then every other override."""
    return resolve_preset(TrainSettings(), PRESETS, settings)
