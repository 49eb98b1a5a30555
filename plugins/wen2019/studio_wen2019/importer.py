"""Importing the authors' ``voice_embedding.pth`` and ``generator.pth`` unchanged.

The files are plain state dicts saved from CUDA tensors with ``torch.save``; they are read
with ``weights_only=True`` on the CPU, matched to a layout by their keys, and checked key by
key and shape by shape. Anything else is refused with what was expected and what was found.
"""

from __future__ import annotations

from pathlib import Path

import torch

from studio.api import ImportedWeights, WeightsError
from studio.ml.checkpoint import check_layout, read_state_dict

from .layout import generator_layout, join_entry, optional_keys, voice_layout
from .networks import GeneratorConfig, VoiceConfig, config_dict

LICENCE = (
    "Official weights of cmu-mlsp/reconstructing_faces_from_voices (GPL-3.0), trained on "
    "VoxCeleb1 and VGGFace; dataset terms apply."
)
ROLES = {
    "voice embedding (voice_embedding.pth)": voice_layout,
    "generator (generator.pth)": generator_layout,
}


def entry_config(
    voice: VoiceConfig = VoiceConfig(), generator: GeneratorConfig = GeneratorConfig()
) -> dict:
    return {
        "architecture": "wen2019",
        "voice": config_dict(voice),
        "generator": config_dict(generator),
        "features": {"sample_rate": 16000, "mel_bins": 64, "min_frames": 1000},
    }


def import_official(files: list[Path]) -> ImportedWeights:
    """The two official files, in either order, as one model-store entry."""
    if len(files) != 2:
        raise WeightsError(
            f"wen2019 needs the two official files, voice_embedding.pth and generator.pth; got {len(files)}"
        )
    found: dict[str, dict[str, torch.Tensor]] = {}
    for path in map(Path, files):
        state = read_state_dict(path)
        role = _closest_role(state)
        layout = ROLES[role]()
        check_layout(state, layout, path, optional=optional_keys(layout))
        if role in found:
            raise WeightsError(
                f"{path}: both files are the {role}; the other official file is needed too"
            )
        found[role] = _complete(state, layout)
    voice, generator = (found[role] for role in ROLES)
    return ImportedWeights(
        tensors=join_entry(voice, generator),
        config=entry_config(),
        licence=LICENCE,
        origin="official checkpoint files of Wen et al. 2019",
    )


def _closest_role(state: dict[str, torch.Tensor]) -> str:
    """The layout whose keys and shapes the file shares most of (ties: the voice embedding)."""

    def score(layout: dict[str, tuple[int, ...]]) -> int:
        return sum(
            1 for key, shape in layout.items() if key in state and tuple(state[key].shape) == shape
        )

    return max(ROLES, key=lambda role: score(ROLES[role]()))


def _complete(
    state: dict[str, torch.Tensor], layout: dict[str, tuple[int, ...]]
) -> dict[str, torch.Tensor]:
    """Float32 copies of the tensors, with BatchNorm counters added where an old file lacks them."""
    complete = {}
    for key in layout:
        if key in state:
            value = state[key]
            complete[key] = (
                value.float().contiguous() if value.is_floating_point() else value.clone()
            )
        else:
            complete[key] = torch.tensor(0, dtype=torch.long)
    return complete
