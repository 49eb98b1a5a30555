"""Several loaders in one run, loader workers, and TensorBoard output."""

from __future__ import annotations

import sys
import types

import pytest
import torch
from toy_recipe import Numbered, make_model

from studio.ml.training import Interrupted, Run


class Noisy(Numbered):
    """Random augmentation drawn in the loader (in worker processes when there are any)."""

    def __getitem__(self, index):
        i, x, y = super().__getitem__(index)
        return i, x + torch.randn(4), y


def two_loader_run(config, stop_at: int | None = None) -> list:
    seen = []
    with Run(config) as run:
        net = run.wrap(make_model())
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        run.track(net=net, opt=opt)
        run.resume()
        voices = run.loader(Numbered(28), 8)
        faces = run.loader(Numbered(12), 4)
        for (vi, *_), (fi, *_) in run.batches(voices, faces):
            seen.append((vi.tolist(), fi.tolist()))
            run.next_step()
            if run.step == stop_at:
                run.request_stop()
    return seen


def test_several_loaders_keep_their_own_order_and_position(config):
    whole = two_loader_run(config("whole"))
    assert len(whole) == 10
    assert [v for v, _ in whole[:3]] != [f for _, f in whole[:3]]
    with pytest.raises(Interrupted):
        two_loader_run(config("parts"), stop_at=4)
    assert two_loader_run(config("parts", resume=True)) == whole[4:]


def test_loader_workers_draw_the_same_augmentations_for_the_same_seed(config):
    def draws(name):
        with Run(config(name)) as run:
            loader = run.loader(Noisy(), 8, num_workers=2)
            seen = []
            for _, x, _ in run.batches(loader):
                seen.append(x)
                run.next_step()
                if run.step == 4:  # past the first epoch (3 batches): workers restarted
                    break
        return torch.stack(seen)

    assert torch.equal(draws("a"), draws("b"))


def test_tensorboard_gets_the_same_scalars_when_installed(config, monkeypatch):
    events = []

    class SummaryWriter:
        def __init__(self, log_dir, purge_step=None):
            events.append(("open", purge_step))

        def add_scalar(self, name, value, step):
            events.append((name, step))

        def close(self):
            events.append(("close", None))

    fake = types.ModuleType("torch.utils.tensorboard")
    fake.SummaryWriter = SummaryWriter
    monkeypatch.setitem(sys.modules, "torch.utils.tensorboard", fake)
    from toy_recipe import train

    train(config(steps=4))
    assert events == [
        ("open", None),
        ("loss", 2), ("target", 2),
        ("loss", 4), ("target", 4),
        ("close", None),
    ]  # fmt: skip
    events.clear()
    train(config(steps=6, resume=True))
    assert events[0] == ("open", 4) and ("loss", 6) in events
