"""The frozen speaker-recognition voice encoder of Algorithm 1 (theta_e fixed).

AVP-GAN extends Voice2Face and takes its encoder as is: wen2019's ``VoiceEmbedNet``. It comes
from a file the user names (the authors' ``voice_embedding.pth``, or a wen2019 or avpgan
model-store entry), or is pre-trained here as a speaker classifier by wen2019's own stage.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

from studio.api import WeightsError
from studio.ml.checkpoint import check_layout, load_safetensors, read_state_dict
from studio_wen2019.networks import VoiceConfig, VoiceEmbedNet

from ..networks import config_from

# How each kind of entry prefixes the encoder's keys.
ENTRY_PREFIXES = ("voice_embedding.", "voice.")


def read_voice_encoder(path: str | Path) -> tuple[VoiceConfig, dict[str, torch.Tensor]]:
    """The encoder's config and state from a ``.pth`` state dict or a model-store entry."""
    path = Path(path)
    if path.is_dir():
        path = path / "model.safetensors"
    if not path.is_file():
        raise WeightsError(f"{path}: no such voice-encoder file")
    if path.suffix == ".safetensors":
        config_file = path.parent / "config.json"
        if not config_file.is_file():
            raise WeightsError(f"{path}: a model-store entry needs its config.json beside it")
        config = config_from(VoiceConfig, json.loads(config_file.read_text())["voice"])
        tensors = load_safetensors(path)
        for prefix in ENTRY_PREFIXES:
            state = {k[len(prefix) :]: v for k, v in tensors.items() if k.startswith(prefix)}
            if state:
                break
        else:
            raise WeightsError(
                f"{path}: holds no voice encoder (no voice_embedding.* or voice.* keys)"
            )
    else:
        config, state = VoiceConfig(), read_state_dict(path)
    with torch.device("meta"):
        layout = {k: tuple(v.shape) for k, v in VoiceEmbedNet(config).state_dict().items()}
    optional = {k for k in layout if k.endswith(".num_batches_tracked")}
    check_layout(state, layout, path, optional=optional)
    return config, state


def frozen_encoder(config: VoiceConfig, state: dict, device) -> VoiceEmbedNet:
    """The encoder in eval mode (BatchNorm statistics fixed) with no trainable parameter."""
    net = VoiceEmbedNet(config)
    net.load_state_dict(state, strict=False)  # old files may lack BN counters
    return net.to(device).eval().requires_grad_(False)
