"""Hyper-parameters of the SF2F recipe: the paper's values as defaults, and a small demo preset.

Paper (section 5, Table 13): Adam lr 5e-4, betas (0.9, 0.98), batch 256; stage 1 120,000
iterations on 1-1.5 s segments, stage 2 360 iterations of the fuser alone on 6-25 s audio;
L_conj = 10 L_1 + 1 L_G + 0.05 L_C + 100 L_P. Our choices where it is silent [U]: one G step
per D step, the same Adam for the discriminators, the saturating generator loss, the
discriminators frozen in stage 2 (they keep scoring the fuser's faces but no longer learn),
faces standardised with the ImageNet statistics ([C], see ``imaging``), and random horizontal flips of the training faces.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.api import StudioError
from studio.ml.settings import resolve_preset


@dataclass(frozen=True)
class TrainSettings:
    preset: str = "paper"
    # optimisation (Table 13)
    lr: float = 5e-4
    discriminator_lr: float = 5e-4  # [U]: the paper gives one learning rate
    beta1: float = 0.9
    beta2: float = 0.98
    batch_size: int = 256
    steps: int = 120_000  # stage 1
    fuser_steps: int = 360  # stage 2
    fuser_batch_size: int = 256
    # L_conj weights (section 5)
    l1_weight: float = 10.0
    adversarial_weight: float = 1.0
    identity_weight: float = 0.05
    perceptual_weight: float = 100.0
    # FaceNet's checkpoint for L_P (the PyTorch port's 20180402-114759-vggface2.pt layout,
    # studio_sf2f.facenet); empty: no L_P, as the recipe then says.
    face_embedder: str = ""
    # segment lengths (section 4)
    min_seconds: float = 1.0
    max_seconds: float = 1.5
    fused_min_seconds: float = 6.0
    fused_max_seconds: float = 25.0
    flip: bool = True
    # architecture (Tables 9-11)
    branch_channels: tuple[int, ...] = (64, 96, 144, 216, 128)
    decoder_channels: tuple[int, ...] = (1024, 512, 256, 128, 64, 32)
    resolutions: tuple[int, ...] = (64,)
    discriminator_channels: tuple[int, ...] = (64, 128, 256)
    discriminator_hidden: int = 1024
    seed: int = 0
    checkpoint_every: int = 1000
    log_every: int = 50


PRESETS = {
    "paper": {},
    # The bundled demo model: the same topology with fewer channels, drawing the paper's 128 px
    # faces (the decoder's UpBlock 7 and its head, App. D.2.2), sized to train on the avatar
    # corpus on one CPU thread in under an hour and ship in < 5 MB. The embedding stays 512-d
    # (4 x 128) so the latent and the fuser are the paper's; the fuser's 786,944 weights are two
    # thirds of the file.
    "demo": {
        "batch_size": 48,
        "steps": 1500,
        "resolutions": (128,),
        "fuser_steps": 300,
        "fuser_batch_size": 16,
        "branch_channels": (16, 16, 24, 16, 128),
        "decoder_channels": (32, 48, 32, 24, 16, 8),
        "discriminator_channels": (16, 32, 64),
        "discriminator_hidden": 128,
        "checkpoint_every": 100,
        "log_every": 20,
    },
}


def resolve(settings: dict[str, str]) -> TrainSettings:
    """The preset named by ``--set preset=...`` (default: paper), then every other override."""
    resolved = resolve_preset(TrainSettings(), PRESETS, settings)
    if not 0 < resolved.min_seconds <= resolved.max_seconds:
        raise StudioError("min_seconds and max_seconds must satisfy 0 < min <= max")
    if not set(resolved.resolutions) <= {64, 128} or not resolved.resolutions:
        raise StudioError(f"resolutions must be 64, 128 or 64,128, got {resolved.resolutions}")
    return resolved
