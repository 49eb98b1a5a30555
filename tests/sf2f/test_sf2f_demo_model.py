"""The bundled demo model: small, recorded, loadable, and the fused model beating the
single-segment one on recall@5 over 100 held-out synthetic identities (the demo's bar)."""

from __future__ import annotations

import json

from studio.ml.checkpoint import load_safetensors
from studio_sf2f.model import layout
from studio_sf2f.plugin import DEMO_WEIGHTS_DIR

LIMIT_BYTES = 5_000_000


def test_the_demo_entry_is_small_complete_and_of_the_paper_layout():
    weights = DEMO_WEIGHTS_DIR / "model.safetensors"
    total = sum(path.stat().st_size for path in DEMO_WEIGHTS_DIR.iterdir())
    assert total <= LIMIT_BYTES, total
    config = json.loads((DEMO_WEIGHTS_DIR / "config.json").read_text())
    tensors = load_safetensors(weights)
    assert {k: tuple(v.shape) for k, v in tensors.items()} == layout(config)
    assert tensors["fuser.score.weight"].shape == (512, 512)  # the paper's fuser, full size
    assert len(config["features"]["mean"]) == 40  # feature statistics of its training corpus
    source = json.loads((DEMO_WEIGHTS_DIR / "source.json").read_text())
    assert source["demo"] is True and "synthetic" in source["licence"]


def test_the_training_record_shows_fusion_beating_a_single_segment():
    record = json.loads((DEMO_WEIGHTS_DIR / "TRAINING.json").read_text())
    assert record["torch_threads"] == 1 and record["wall_minutes"] <= 120  # the budget
    rows = record["retrieval_on_held_out_speakers"]["rows"]
    assert record["retrieval_on_held_out_speakers"]["gallery_identities"] == 100
    assert rows["fused 5 s"]["R@5"] > rows["single segment 1.25 s"]["R@5"]
    assert rows["fused 5 s"]["R@5"] > 5.0  # above chance
    assert "L_P" in record["notes"]  # says that it trained without the perceptual loss
