import pytest

from studio.api.errors import StudioError
from studio.base.device import choose_device


def test_auto_falls_back_to_the_cpu_here(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    monkeypatch.delenv("PERSONA_STUDIO_DEVICE")
    assert choose_device(None) == "cpu"
    assert choose_device("auto") == "cpu"


def test_auto_prefers_cuda_then_mps(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert choose_device("auto") == "cuda"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert choose_device("auto") == "mps"


def test_the_environment_variable_overrides_auto_and_the_flag_overrides_it(monkeypatch):
    monkeypatch.setenv("PERSONA_STUDIO_DEVICE", "cpu")
    assert choose_device(None) == "cpu"
    monkeypatch.setenv("PERSONA_STUDIO_DEVICE", "cuda:7")
    with pytest.raises(StudioError, match="cuda:7 requested but this machine has"):
        choose_device(None)
    assert choose_device("cpu") == "cpu"


def test_nonsense_devices_are_refused():
    with pytest.raises(StudioError, match="unknown device 'gpu0'"):
        choose_device("gpu0")
