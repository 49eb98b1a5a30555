"""Hyper-parameters of the recipe: the paper's values as defaults and a small demo preset.

Paper [§4.1]: Adam, lr 1e-3, weight decay 1e-5, batch 64, 50 epochs with early stopping (the
code keeps the checkpoint of lowest validation loss). The criterion is not specified: we stop
after ``patience`` evaluations without a lower validation loss.

f_V and G are pretrained by others (SwAV, IC-GAN) and frozen: ``frozen`` names a model-store
entry folder that holds them (e.g. the imported official files). No such networks exist
offline, so the demo preset first trains small ones on the corpus's scenes (``scene_steps``):
f_V and G together as an autoencoder G(z, f_V(x)/|f_V(x)|) ~ x, which, like SwAV, needs no
labels. That stage is our substitute, not the paper's.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.ml.settings import resolve_preset


@dataclass(frozen=True)
class TrainSettings:
    preset: str = "paper"
    frozen: str = ""  # entry folder with f_V ("image.") and G ("generator."); "" = train them
    epochs: int = 50
    batch_size: int = 64
    lr: float = 1e-3
    weight_decay: float = 1e-5
    patience: int = 5
    eval_every: int = 0  # steps between validations; 0 = once an epoch
    # f_A's widths (ResNet-18: stem, planes per stage)
    audio_stem: int = 64
    audio_planes: tuple[int, ...] = (64, 128, 256, 512)
    # The scene stage (only without ``frozen``): small f_V and G trained on the images.
    scene_steps: int = 3000
    scene_batch_size: int = 32
    scene_lr: float = 2e-3
    object_weight: float = 10.0  # saturated (object) pixels count this much more in the L1
    image_size: int = 64
    image_stem: int = 8
    image_planes: tuple[int, ...] = (4, 8, 16, 512)
    image_base_widths: tuple[int, ...] = (64, 64, 64, 4)
    G_ch: int = 8
    G_attn: str = "32"
    dim_z: int = 20
    shared_dim_feat: int = 32
    # Whole-clip gains f_A also trains on (each draw picks one, or the clip as it is): the
    # paper uses none. A user's mix can sit at any level, and through the log floor and the
    # +-1 clipping an overall gain would otherwise move the picture; the demo's loudness cue is
    # the source's level over its ambient bed, which a whole-clip gain keeps.
    gain_augment_db: tuple[float, ...] = ()
    seed: int = 0
    checkpoint_every: int = 200
    log_every: int = 20


PRESETS = {
    "paper": {},
    # The bundled demo model: the same topologies with fewer channels, sized so that the whole
    # recipe trains in about 50 minutes on one free CPU thread and ships in under 4 MB. G has
    # 8 channels a unit (4 drew blurred blends of two objects' colours) and 3000 scene steps
    # (at 1500 it painted a bird beside rain orange).
    "demo": {
        "epochs": 30,
        "batch_size": 32,
        "patience": 3,
        "audio_stem": 4,
        "audio_planes": (4, 8, 16, 32),
        "scene_steps": 3000,
        "scene_batch_size": 16,
        "scene_lr": 3e-3,
        "object_weight": 8.0,
        "G_ch": 8,
        "gain_augment_db": (-12.0, 6.0, 12.0),
        "checkpoint_every": 100,
        "log_every": 10,
    },
}


def resolve(settings: dict[str, str]) -> TrainSettings:
    """The preset named by ``--set preset=...`` (default: paper), then every other override."""
    return resolve_preset(TrainSettings(), PRESETS, settings)
