"""The recipe's settings: the paper's weights and optimiser settings (App. A) and presets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LossWeights:
    """App. A's lambda values; L_adv has weight 1 (Eq. 6)."""

    sty: float = 1.0
    ds: float = 2.0
    cyc: float = 1.0
    asr: float = 20.0
    f0: float = 5.0
    norm: float = 1.0
    advcls: float = 0.05
    csc: float = 1.0
    cls: float = 0.05
    reg: float = 1.0  # R1 [SG2/SVC]: the paper mentions no gradient penalty
    tau: float = 1.0


@dataclass(frozen=True)
class Settings:
    steps: int = 20000
    batch: int = 32
    crop_frames: int = 192  # 2.47 s (App. A)
    lr: float = 1e-4
    lr_mapping: float = 1e-6
    betas: tuple[float, float] = (0.0, 0.99)
    weight_decay: float = 1e-4  # SG2 (Adam) and SVC (AdamW)
    adamw_eps: float = 1e-9  # SVC
    ema: float = 0.999  # [U]; SG2/SVC value
    ds_decay_steps: int = 0  # SG2 decays lambda_ds linearly to 0; the paper does not say
    ds_in_output_space: bool = False
    # SG2 steps E and F only on latent-guided steps (their target is then F(z)); when True,
    # reference-guided steps (style from E^im/E^au) step them too, on their own targets.
    encoders_learn_from_references: bool = True
    # With the SG2 schedule, E^im and E^au still step on reference-guided steps, on L_csc alone
    # (its targets are the other modality's styles, with negatives: it cannot collapse the
    # way L_sty on their own output can). False: L_csc reaches them on latent steps only.
    csc_every_step: bool = False
    # L_csc's N (the paper leaves it open): 0 = the batch's own pairs; N > 0 = N pairs of N
    # speakers drawn for it alone, through the style encoders only (cheap next to the GAN).
    csc_pairs: int = 0
    r1_every: int = 1  # R1 on every step [SG2/SVC]; N > 1 = lazy R1 weighted by N
    use_asr: bool = True  # used when an ASR network is available
    use_f0: bool = True  # used when an F0 network is available
    seed: int = 0
    max_minutes: float = 0.0  # stop early after this much wall time (0 = run every step)
    checkpoint_every: int = 200  # steps between checkpoints (``--resume`` continues from one)
    log_every: int = 25  # steps averaged into one metrics.csv row
    weights: LossWeights = LossWeights()
