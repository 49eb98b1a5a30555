"""The SF2F paper's retrieval metrics for the bundled demo model on held-out synthetic
speakers: fused (attention over 1.25 s windows) against single-segment, recall@5 over 100."""

from __future__ import annotations

from studio.evaluation.sf2f_retrieval import evaluate_sf2f_demo


def main() -> None:
    from studio_sf2f.plugin import DEMO_WEIGHTS_DIR

    report = evaluate_sf2f_demo(DEMO_WEIGHTS_DIR)
    print(f"sf2f demo model: {report}")
    fused, single = report.rows["fused 5 s"]["R@5"], report.rows["single segment 1.25 s"]["R@5"]
    verdict = "beats" if fused > single else "does NOT beat"
    print(f"  fused 5 s R@5 {fused:.2f} {verdict} single-segment R@5 {single:.2f}")
