"""Fixtures for the training toolkit's tests."""

from __future__ import annotations

import pytest

from studio.ml.training import TrainConfig


@pytest.fixture
def config(tmp_path):
    """A config factory: small runs in a fresh folder under tmp_path."""

    def make(name: str = "run", **fields) -> TrainConfig:
        fields.setdefault("steps", 10)
        fields.setdefault("log_every", 2)
        fields.setdefault("checkpoint_every", 4)
        fields.setdefault("device", "cpu")
        return TrainConfig(out=tmp_path / name, **fields)

    return make
