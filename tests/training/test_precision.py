"""Mixed precision: a no-op on the CPU; bf16, or fp16 with loss scaling, on CUDA."""

from __future__ import annotations

import pytest
import torch

from studio.ml.training import Run
from studio.ml.training.precision import Precision, amp_dtype

CUDA = torch.device("cuda")


def test_autocast_is_a_no_op_on_the_cpu(config):
    with Run(config(amp=True)) as run:
        assert run.precision.dtype is None
        with run.autocast():
            assert not torch.is_autocast_enabled("cpu")
            assert not torch.is_autocast_enabled("cuda")
            product = torch.ones(2, 2) @ torch.ones(2, 2)
        assert product.dtype == torch.float32


@pytest.mark.parametrize(("bf16", "dtype"), [(True, torch.bfloat16), (False, torch.float16)])
def test_cuda_picks_bf16_when_supported_else_fp16(monkeypatch, bf16, dtype):
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: bf16)
    assert amp_dtype(CUDA, enabled=True) == dtype
    assert amp_dtype(CUDA, enabled=False) is None
    assert amp_dtype(torch.device("cpu"), enabled=True) is None


@pytest.mark.filterwarnings("ignore:.*CUDA is not available:UserWarning")
@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16])
def test_the_cuda_branch_is_built_right(dtype):
    precision = Precision(CUDA, dtype)
    context = precision.autocast()
    assert isinstance(context, torch.autocast)
    assert context.device == "cuda" and context.fast_dtype == dtype
    assert precision.scales_loss == (dtype == torch.float16)  # bf16 needs no loss scaling
    if precision.scales_loss:
        scaler = precision.scaler("opt")
        assert isinstance(scaler, torch.amp.GradScaler) and scaler._device == "cuda"
        assert precision.scaler("opt") is scaler  # one scaler per optimizer, reused


def test_scaler_states_round_trip_by_optimizer_name():
    precision = Precision(torch.device("cpu"), None)
    precision.load_state_dict({"opt_g": {"scale": 1024.0}})
    assert precision.state_dict() == {"opt_g": {"scale": 1024.0}}  # kept until the scaler exists


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU: none on this machine")
def test_training_under_autocast_on_cuda(config):
    from toy_recipe import train

    result = train(config(device="cuda", amp=True), optimizer="adam")
    assert result.step == 10
    assert all(torch.isfinite(t).all() for t in result.params.values())
