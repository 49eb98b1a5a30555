"""Which device each process trains on, with and without torchrun."""

from __future__ import annotations

import pytest
import torch

from studio.ml.training import TrainingError
from studio.ml.training.distributed import launch_env, resolve_device


def test_devices_without_torchrun_and_per_rank_under_it(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    assert resolve_device(None, 0, 1) == torch.device("cuda", 0)
    assert resolve_device("auto", 0, 1) == torch.device("cuda", 0)
    assert resolve_device("cuda:1", 0, 1) == torch.device("cuda", 1)
    assert resolve_device(None, 1, 2) == torch.device("cuda", 1)  # torchrun: cuda:LOCAL_RANK
    assert resolve_device("cpu", 1, 2) == torch.device("cpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_device(None, 0, 1) == torch.device("cpu")
    assert launch_env({}) == (0, 1, 0)
    assert launch_env({"RANK": "3", "WORLD_SIZE": "4", "LOCAL_RANK": "1"}) == (3, 4, 1)


def test_bad_devices_and_environments_are_clear_errors(monkeypatch):
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    with pytest.raises(TrainingError, match="has 1 CUDA device"):
        resolve_device("cuda:3", 0, 1)
    with pytest.raises(TrainingError, match="unknown device"):
        resolve_device("tpu", 0, 1)
    with pytest.raises(TrainingError, match="bad torchrun environment"):
        launch_env({"RANK": "2", "WORLD_SIZE": "2"})
