"""Official-layout files with random weights (saved as from a GPU, as the authors' were) and
synthetic sounds a new user would drop on the tracks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from checkpoint_files import save_as_from_cuda

from studio.api import AudioClip
from studio.demodata.sound_scenes import Placed, tracks
from studio.demodata.sound_sources import RATE
from studio_sound2vision.networks.biggan import Generator
from studio_sound2vision.networks.resnets import AudioEncoder, ImageEncoder

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


@pytest.fixture(scope="session")
def official_files(tmp_path_factory) -> dict[str, Path]:
    """sound2scene.pth, the IC-GAN folder (full-size generator + training record), swav.pth.tar."""
    root = tmp_path_factory.mktemp("official")
    torch.manual_seed(7)
    audio = AudioEncoder()
    for module in audio.modules():  # trained-looking BatchNorm statistics
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.2, 0.2)
            module.running_var.uniform_(0.5, 1.5)
    files = {"audio": save_as_from_cuda(audio.state_dict(), root / "sound2scene.pth")}
    folder = root / "icgan_biggan_imagenet_res128"
    folder.mkdir()
    save_as_from_cuda(random_state(Generator), folder / "G_ema_best0.pth")
    torch.save(record(RECORD_CONFIG), folder / "state_dict_best0.pth")
    files["folder"] = folder
    swav = {f"module.{k}": v for k, v in random_state(ImageEncoder, "net.").items()}
    swav["module.projection_head.0.weight"] = torch.randn(2048, 2048)
    swav["module.projection_head.3.weight"] = torch.randn(128, 2048)
    swav["module.prototypes.weight"] = torch.randn(3000, 128)
    files["swav"] = save_as_from_cuda(swav, root / "swav.pth.tar")
    return files


def scene_tracks(kind: int, seed: int = 5, level_db: float = 6.0) -> tuple[AudioClip, AudioClip]:
    """An ambient-bed track and one source track, as a user would lay them out."""
    ambient, (source,) = tracks(seed, [Placed(kind, level_db)])
    return AudioClip(ambient, RATE), AudioClip(source, RATE)
