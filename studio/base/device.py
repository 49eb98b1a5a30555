"""Which torch device a job runs on: auto picks cuda, then mps, then cpu."""

from __future__ import annotations

import os
import re

from studio.api.errors import StudioError

DEVICE_ENV = "PERSONA_STUDIO_DEVICE"
DEVICE_PATTERN = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")


def choose_device(requested: str | None = None) -> str:
    """The device to use: the flag, else ``$PERSONA_STUDIO_DEVICE``, else auto-detection."""
    wanted = (requested or os.environ.get(DEVICE_ENV) or "auto").strip().lower()
    if not DEVICE_PATTERN.match(wanted):
        raise StudioError(f"unknown device {wanted!r}: use auto, cpu, mps, cuda or cuda:N")
    import torch  # only when a model is about to run

    if wanted == "auto":
        if torch.cuda.is_available():
            return "cuda"
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return "mps"
        return "cpu"
    if wanted.startswith("cuda"):
        count = torch.cuda.device_count()
        index = int(wanted.partition(":")[2] or 0)
        if index >= count:
            raise StudioError(
                f"device {wanted} requested but this machine has {count} CUDA device(s)"
            )
    if wanted == "mps" and not (
        getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()
    ):
        raise StudioError("device mps requested but Metal is not available on this machine")
    return wanted
