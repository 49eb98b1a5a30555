"""The committed demo models: small, labelled, loadable, and recorded with the ablation's
held-out figures and the restorer's measured effect."""

from __future__ import annotations

import json

from studio_avpgan.plugin import DEMO_WEIGHTS_DIR

ABLATION_DIR = DEMO_WEIGHTS_DIR.parent / "demo-no-cbam"


def test_both_demo_entries_fit_in_ten_megabytes_and_are_labelled():
    total = sum(p.stat().st_size for d in (DEMO_WEIGHTS_DIR, ABLATION_DIR) for p in d.iterdir())
    assert total <= 10_000_000
    for folder in (DEMO_WEIGHTS_DIR, ABLATION_DIR):
        assert json.loads((folder / "source.json").read_text())["demo"] is True
        config = json.loads((folder / "config.json").read_text())
        assert {"voice", "generator", "restorer"} <= set(config)
    with_cbam = json.loads((DEMO_WEIGHTS_DIR / "config.json").read_text())["generator"]
    without = json.loads((ABLATION_DIR / "config.json").read_text())["generator"]
    assert with_cbam["cbam_after"] and not without["cbam_after"]


def test_the_record_reports_the_ablation_and_the_restoration_side_by_side():
    record = json.loads((DEMO_WEIGHTS_DIR / "TRAINING.json").read_text())
    quality = record["quality_on_held_out_speakers"]
    for variant in ("with_cbam", "without_cbam"):
        assert set(quality[variant]["spearman"]) == {"vtl_cm", "f0_hz", "breathiness"}
        assert quality[variant]["held_out_speakers"] == 60
    restoration = record["restoration_on_held_out_faces"]
    assert restoration["faces"] > 0
    assert restoration["mae_restored"] < restoration["mae_raw"]  # the demo restorer helps
    commands = " ".join(record["commands"])
    assert "cbam_generator= --set=cbam_critic=" in commands
