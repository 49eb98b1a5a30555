"""Mixed precision on CUDA: bf16 autocast where the GPU supports it, else fp16 with loss
scaling. Everywhere else (CPU, MPS, ``amp=False``) training runs in full precision."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any

import torch


def amp_dtype(device: torch.device, enabled: bool) -> torch.dtype | None:
    """The autocast dtype for ``device``, or None for full precision."""
    if not enabled or device.type != "cuda":
        return None
    return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16


class Precision:
    def __init__(self, device: torch.device, dtype: torch.dtype | None) -> None:
        self.device = device
        self.dtype = dtype
        # One scaler per optimizer: a GAN steps D and G separately, and a scaler must not
        # step the same optimizer twice between updates.
        self._scalers: dict[str, torch.amp.GradScaler] = {}
        self._saved: dict[str, Any] = {}  # scaler states from a checkpoint, used when created

    @property
    def scales_loss(self) -> bool:
        return self.dtype == torch.float16

    def autocast(self) -> AbstractContextManager:
        if self.dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=self.dtype)

    def backward(self, loss: torch.Tensor, optimizer: torch.optim.Optimizer, name: str) -> None:
        """Backward pass and optimiser step; ``name`` keys the optimizer's scaler state."""
        if not self.scales_loss:
            loss.backward()
            optimizer.step()
            return
        scaler = self.scaler(name)
        scaler.scale(loss).backward()
        scaler.step(optimizer)  # skips the step when the scaled gradients overflowed
        scaler.update()

    def scaler(self, name: str) -> torch.amp.GradScaler:
        if name not in self._scalers:
            scaler = torch.amp.GradScaler(self.device.type)
            if name in self._saved:
                scaler.load_state_dict(self._saved.pop(name))
            self._scalers[name] = scaler
        return self._scalers[name]

    def state_dict(self) -> dict[str, Any]:
        return {**self._saved, **{n: s.state_dict() for n, s in self._scalers.items()}}

    def load_state_dict(self, states: Mapping[str, Any]) -> None:
        self._saved = dict(states)
        for name in list(self._scalers):
            if name in self._saved:
                self._scalers[name].load_state_dict(self._saved.pop(name))
