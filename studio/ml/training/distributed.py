"""Who this process is in a (possibly single-process) data-parallel job, and how ranks agree.

``torchrun`` describes the job in the environment (``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK``,
``MASTER_ADDR``/``MASTER_PORT``); without it the job is one process and nothing here touches
``torch.distributed``. Collectives run on the CPU over gloo even when training uses NCCL:
they carry control data (stop flags, metrics, RNG states) and must not wait for the GPU.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch
import torch.distributed as dist
from torch import nn

from studio.api.errors import StudioError
from studio.base.device import choose_device

from .errors import TrainingError

AUTO = "auto"


@dataclass
class Cluster:
    """This process's place in the job; every method is a no-op for a single process."""

    rank: int
    world_size: int
    local_rank: int
    device: torch.device
    control: Any = None  # the gloo process group for control messages (None: the default group)
    owns_group: bool = False  # we initialised torch.distributed, so we tear it down

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.world_size > 1

    def any(self, flag: bool) -> bool:
        """True on every rank when ``flag`` is true on at least one (so all ranks act together)."""
        if not self.distributed:
            return flag
        vote = torch.tensor([int(flag)])
        dist.all_reduce(vote, op=dist.ReduceOp.MAX, group=self.control)
        return bool(vote.item())

    def gather(self, value: Any) -> list[Any]:
        """``value`` from every rank, in rank order (pickled: only for our own small data)."""
        if not self.distributed:
            return [value]
        values: list[Any] = [None] * self.world_size
        dist.all_gather_object(values, value, group=self.control)
        return values

    def close(self) -> None:
        if self.owns_group and dist.is_initialized():
            dist.destroy_process_group()
        self.owns_group = False


def launch_env(environ: Mapping[str, str] = os.environ) -> tuple[int, int, int]:
    """(rank, world size, local rank) as torchrun sets them; (0, 1, 0) without torchrun."""
    try:
        rank = int(environ.get("RANK", 0))
        world = int(environ.get("WORLD_SIZE", 1))
        local = int(environ.get("LOCAL_RANK", rank))
    except ValueError as error:
        raise TrainingError(f"bad torchrun environment: {error}") from None
    if not 0 <= rank < world:
        raise TrainingError(f"bad torchrun environment: RANK={rank} with WORLD_SIZE={world}")
    return rank, world, local


def resolve_device(requested: str | None, local_rank: int, world_size: int) -> torch.device:
    """None/"auto": CUDA when present, else the CPU. Under torchrun each rank takes its own GPU."""
    if requested in (None, "", AUTO):
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    else:
        try:
            device = torch.device(choose_device(requested))  # validates "cuda:7", "mps", ...
        except StudioError as error:
            raise TrainingError(str(error)) from None
    if device.type == "cuda" and world_size > 1:
        if local_rank >= torch.cuda.device_count():
            raise TrainingError(
                f"LOCAL_RANK {local_rank} but this machine has {torch.cuda.device_count()} "
                "CUDA device(s): start at most that many processes per node"
            )
        device = torch.device("cuda", local_rank)
    elif device.type == "cuda" and device.index is None:
        device = torch.device("cuda", 0)  # set_device and DDP's device_ids need an index
    if device.type not in ("cpu", "cuda") and world_size > 1:
        raise TrainingError(f"data-parallel training runs on cuda or cpu, not {device.type}")
    return device


def connect(requested_device: str | None) -> Cluster:
    """Join the job torchrun started (NCCL on GPUs, gloo on the CPU), or describe a lone process."""
    rank, world, local = launch_env()
    device = resolve_device(requested_device, local, world)
    if device.type == "cuda":
        torch.cuda.set_device(device)  # NCCL and autocast use the current device
    if world == 1:
        return Cluster(rank, world, local, device)
    owns = not dist.is_initialized()
    if owns:
        backend = "nccl" if device.type == "cuda" else "gloo"
        options = {"device_id": device} if backend == "nccl" else {}
        dist.init_process_group(backend, rank=rank, world_size=world, **options)
    control = dist.new_group(backend="gloo") if dist.get_backend() != "gloo" else None
    return Cluster(rank, world, local, device, control, owns)


def unwrap(module: Any) -> Any:
    """The user's module inside DistributedDataParallel and/or torch.compile wrappers
    (anything else, e.g. an optimizer, comes back as it is)."""
    while True:
        if isinstance(module, nn.parallel.DistributedDataParallel):
            module = module.module
        elif hasattr(module, "_orig_mod") and isinstance(module._orig_mod, nn.Module):
            module = module._orig_mod  # torch.compile's OptimizedModule
        else:
            return module
