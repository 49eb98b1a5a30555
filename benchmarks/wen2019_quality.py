"""Quality of the bundled wen2019 demo model on held-out synthetic speakers."""

from __future__ import annotations

from studio.evaluation.voice_face import evaluate_demo


def main() -> None:
    from studio_wen2019.plugin import DEMO_WEIGHTS_DIR

    print(f"wen2019 demo model: {evaluate_demo(DEMO_WEIGHTS_DIR)}")
