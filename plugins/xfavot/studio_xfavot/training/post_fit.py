"""What is fitted on the training set after training, from the frozen encoders: the face and
voice gender probes (``gender_probe.py``) and the style bridge (``style_bridge.py``)."""

from __future__ import annotations

import json
from pathlib import Path

from .gender_probe import fit_gender_probe
from .style_bridge import fit_style_bridge

ROLES = ("face_gender", "voice_gender", "style_bridge")


def fit_after_training(modules, corpus, roles: tuple[str, ...] = ROLES) -> dict[str, float]:
    """Set ``roles`` (all three by default) on ``modules`` from a training ``Corpus``; returns
    each fitted gender probe's accuracy on the inputs it was fitted to."""
    device = next(modules.style_image.parameters()).device
    genders = corpus.gender.to(device)
    accuracy = {}
    if "face_gender" in roles:
        modules.face_gender, accuracy["face_gender"] = fit_gender_probe(
            modules.style_image, corpus.faces.to(device), genders
        )
    if "voice_gender" in roles:
        modules.voice_gender, accuracy["voice_gender"] = fit_gender_probe(
            modules.style_audio, [mel.to(device) for mel in corpus.mels], genders
        )
    if "style_bridge" in roles:
        modules.style_bridge = fit_style_bridge(modules, corpus)
    return accuracy


def complete_entry(entry: Path, manifest: Path) -> list[str]:
    """Fit what a stored entry lacks (one trained before the recipe fitted it) on
    ``manifest``'s training rows and save it into the entry; returns the roles added."""
    from studio.ml.checkpoint import load_safetensors, save_safetensors

    from ..model import from_entry
    from .data import load_corpus

    weights = Path(entry) / "model.safetensors"
    tensors = load_safetensors(weights)
    missing = [r for r in ROLES if not any(k.startswith(r + ".") for k in tensors)]
    if not missing:
        return []
    config = json.loads((Path(entry) / "config.json").read_text())
    modules = from_entry(tensors, config)
    corpus = load_corpus(Path(manifest), "train", modules.config.image.img_size)
    fit_after_training(modules, corpus, tuple(missing))
    for role in missing:
        state = getattr(modules, role).state_dict()
        tensors.update({f"{role}.{k}": v.cpu() for k, v in state.items()})
    save_safetensors(weights, tensors)
    return missing
