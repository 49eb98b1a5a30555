"""What this machine can run models on, for the device picker (loads torch: call it in a worker)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeviceOption:
    value: str  # what the engine is asked for
    label: str


def available_devices() -> list[DeviceOption]:
    import torch

    options = [DeviceOption("auto", "auto (the fastest below)"), DeviceOption("cpu", "CPU")]
    for index in range(torch.cuda.device_count()):
        options.append(
            DeviceOption(f"cuda:{index}", f"cuda:{index}  {torch.cuda.get_device_name(index)}")
        )
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        options.append(DeviceOption("mps", "mps  Apple GPU (Metal)"))
    return options
