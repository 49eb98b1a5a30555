"""Official-layout files with random weights, saved as from a GPU, as the authors' were."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from checkpoint_files import save_as_from_cuda
from sound2vision_files import RECORD_CONFIG, random_state, record

from studio_sound2vision.networks.biggan import Generator
from studio_sound2vision.networks.resnets import AudioEncoder, ImageEncoder


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
