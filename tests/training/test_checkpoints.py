"""Checkpoints: atomic, weights_only-loadable, pruned, and restored into what the run tracks."""

from __future__ import annotations

import json

import pytest
import torch
from toy_recipe import make_model, same_params, train

from studio.ml.training import Run, TrainingError, export_state, load_checkpoint
from studio.ml.training import checkpoints as checkpoint_module


def test_checkpoints_load_with_weights_only(config):
    train(config(), optimizer="adam", noise=True)
    state = torch.load(config().out / "checkpoints" / "last.pt", weights_only=True)
    assert state["step"] == 10 and state["world_size"] == 1 and state["served"] == [10]
    assert set(state["tracked"]) == {"net", "opt"}
    assert "0.weight" in state["tracked"]["net"]  # unwrapped names
    assert state["tracked"]["opt"]["state"]  # Adam's moments
    assert set(state["rng"][0]) >= {"python", "numpy", "torch"}


def test_schedulers_and_scaler_states_load_with_weights_only(config):
    with Run(config(steps=3)) as run:
        net = run.wrap(make_model())
        opt = torch.optim.AdamW(net.parameters(), lr=0.1)
        schedule = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=10)
        run.track(net=net, opt=opt, schedule=schedule)
        for _ in range(3):
            opt.zero_grad()
            run.backward(net(torch.randn(2, 4)).square().mean(), opt)
            schedule.step()
            run.next_step()
    state = load_checkpoint(config().out / "checkpoints" / "last.pt")
    assert state["tracked"]["schedule"]["last_epoch"] == 3


def test_last_plus_the_newest_two_step_copies_are_kept(config):
    train(config(steps=13, checkpoint_every=3))  # 3, 6, 9, 12 and the final 13
    folder = config().out / "checkpoints"
    assert sorted(p.name for p in folder.iterdir()) == [
        "last.pt",
        "step-00000012.pt",
        "step-00000013.pt",
    ]
    assert load_checkpoint(folder / "last.pt")["step"] == 13


def test_a_failing_save_leaves_the_previous_checkpoint_intact(config, monkeypatch):
    train(config(steps=4))
    last = config().out / "checkpoints" / "last.pt"
    before = last.read_bytes()

    def disk_full(state, stream):
        stream.write(b"half a checkpoint")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(checkpoint_module.torch, "save", disk_full)
    with pytest.raises(OSError, match="No space left"):
        train(config(steps=8, resume=True))
    assert last.read_bytes() == before
    assert sorted(p.name for p in last.parent.iterdir()) == ["last.pt", "step-00000004.pt"]


def test_resume_into_other_tracked_objects_is_refused(config):
    train(config(steps=2))
    with Run(config(steps=4, resume=True)) as run:
        run.track(net=run.wrap(make_model()))
        with pytest.raises(TrainingError, match=r"holds \['net', 'opt'\] but the run tracks"):
            run.resume()


def test_run_json_records_config_world_size_torch_and_sessions(config):
    train(config(steps=2))
    train(config(steps=4, resume=True))
    info = json.loads((config().out / "run.json").read_text())
    assert info["config"]["steps"] == 4 and info["config"]["out"] == str(config().out)
    assert info["world_size"] == 1 and info["torch"] == torch.__version__
    assert info["resumed_from_step"] == 2 and info["started"]
    assert [session["config"]["steps"] for session in info["earlier"]] == [2]


def test_export_state_is_unwrapped_cpu_float32():
    model = make_model().to(torch.float64)
    exported = export_state(torch.compile(model))  # compiling wraps; compiles only when called
    assert all(t.dtype == torch.float32 and t.device.type == "cpu" for t in exported.values())
    assert same_params(exported, {k: v.float() for k, v in model.state_dict().items()})
