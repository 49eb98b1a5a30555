"""Fixtures of the xfavot tests: a tiny random entry and the inputs of each mode."""

from __future__ import annotations

import json

import pytest
from xfavot_fixtures import TINY, face, voice

from studio.api import ModelRef
from studio.ml.checkpoint import save_safetensors
from studio_xfavot.untrained import make


@pytest.fixture(scope="session")
def tiny_entry(tmp_path_factory) -> ModelRef:
    folder = tmp_path_factory.mktemp("tiny-xfavot")
    weights = make(seed=3, config=TINY)
    save_safetensors(folder / "model.safetensors", weights.tensors)
    (folder / "config.json").write_text(json.dumps(weights.config))
    return ModelRef("xfavot", "tiny", folder, weights.config, "0" * 64)


@pytest.fixture
def inputs_of():
    def build(source: str, reference: str, second: bool = False) -> dict:
        made = {"voice": lambda s: voice(seed=s), "face": lambda s: face(seed=s)}
        values = {"source": made[source](1), "reference": made[reference](2)}
        if second:
            values["reference_b"] = made[reference](3)
        return values

    return build
