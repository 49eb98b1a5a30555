"""Helpers of the sound2vision tests: official-layout records and state dicts, a small random
model entry, a narrow IC-GAN folder and the tracks a user would lay out."""

from __future__ import annotations

import numpy as np
import torch

from studio.api import AudioClip, ImportedWeights
from studio.demodata.sound_scenes import Placed, tracks
from studio.demodata.sound_sources import RATE
from studio_sound2vision.layout import entry_config, join_entry
from studio_sound2vision.networks.biggan import Generator
from studio_sound2vision.networks.config import GeneratorConfig
from studio_sound2vision.networks.resnets import AudioEncoder, ImageEncoder
from studio_sound2vision.training.settings import resolve
from studio_sound2vision.training.stages import audio_config, generator_config, image_config

# What BigGAN's train.py stores in state_dict_best0.pth besides numbers and text.
RECORD_CONFIG = {
    "experiment_name": "icgan_biggan_imagenet_res128",
    "class_cond": False,
    "instance_cond": True,
    "hier": True,
    "resolution": 128,
    "G_attn": "64",
    "shared_dim": 128,
    "shared_dim_feat": 512,
    "G_shared": True,
    "G_shared_feat": True,
    "G_ch": 96,
    "dim_z": 120,
    "BN_eps": 1e-5,
    "SN_eps": 1e-6,
    "num_G_SVs": 1,
    "ema": True,
    "use_ema": True,
    "G_activation": torch.nn.ReLU(inplace=False),
    "D_activation": torch.nn.ReLU(inplace=False),
}


def record(config: dict) -> dict:
    return {"itr": 250000, "epoch": 150, "best_FID": np.float64(12.3), "config": config}


def random_state(network, prefix: str = "") -> dict[str, torch.Tensor]:
    """The full-size network's state dict filled with small random values (orthogonal init of
    77 M parameters would take most of a minute)."""
    with torch.device("meta"):
        layout = network().state_dict()
    generator = torch.Generator().manual_seed(3)
    state = {}
    for key, value in layout.items():
        if not key.startswith(prefix):
            continue
        if key.endswith("num_batches_tracked"):
            tensor = torch.tensor(100, dtype=torch.long)
        elif key.endswith(("var", "sv0")):
            tensor = torch.rand(value.shape, generator=generator) + 0.5
        else:
            tensor = torch.randn(value.shape, generator=generator) * 0.02
        state[key.removeprefix(prefix)] = tensor
    return state


def small_entry(with_image: bool = True) -> ImportedWeights:
    torch.manual_seed(0)
    settings = resolve({"preset": "demo"})
    audio, generator = AudioEncoder(audio_config(settings)), Generator(generator_config(settings))
    image = ImageEncoder(image_config(settings)) if with_image else None
    return ImportedWeights(
        tensors=join_entry(
            audio.state_dict(), generator.state_dict(), image.net.state_dict() if image else None
        ),
        config=entry_config(
            audio_config(settings),
            generator_config(settings),
            image_config(settings) if image else None,
        ),
    )


def narrow_folder(tmp_path, config=None):
    """An IC-GAN folder in the published layout with a narrow (G_ch 4) generator, and G too."""
    folder = tmp_path / "icgan_narrow"
    folder.mkdir()
    torch.save(Generator(GeneratorConfig(G_ch=4)).state_dict(), folder / "G_ema_best0.pth")
    torch.save(Generator(GeneratorConfig(G_ch=4)).state_dict(), folder / "G_best0.pth")
    torch.save(Generator(GeneratorConfig(G_ch=4)).state_dict(), folder / "G_optim_best0.pth")
    torch.save(record(config or {**RECORD_CONFIG, "G_ch": 4}), folder / "state_dict_best0.pth")
    return folder


def scene_tracks(kind: int, seed: int = 5, level_db: float = 6.0) -> tuple[AudioClip, AudioClip]:
    """An ambient-bed track and one source track, as a user would lay them out."""
    ambient, (source,) = tracks(seed, [Placed(kind, level_db)])
    return AudioClip(ambient, RATE), AudioClip(source, RATE)
