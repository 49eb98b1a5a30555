"""Running a generator through the app's engine, for evaluations that live in a plugin: the
plugin's measuring code is handed this and so never imports the app above ``studio.ml``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def engine_runner(weights: Path, device: str = "cpu") -> Callable[[str, dict, dict], Any]:
    """``run(generator_id, inputs, params) -> output`` on the model-store entry ``weights``."""
    from studio.engine import Engine, GenerateRequest
    from studio.host import PluginHost
    from studio.weights import ModelStore

    engine = Engine(PluginHost(), ModelStore())

    def run(generator: str, inputs: dict[str, Any], params: dict[str, Any]) -> Any:
        request = GenerateRequest(
            generator, inputs, params=params, weights=str(weights), device=device
        )
        return engine.generate(request).output

    return run
