"""Which voice→face generator a first start opens on: the one whose bundled weights come
closest to the issue's targets in ``persona-studio evaluate`` (the ``yardstick`` figures their
demo build wrote into TRAINING.json). Reads JSON only: nothing here loads a model."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from studio.api import GeneratorInfo, Kind, Task
from studio.api.errors import WeightsError
from studio.engine.weights_choice import plugin_package_dir

# (set, path into its figures, the target: ("at least", x) or ("within", (low, high))).
TARGETS = (
    ("real", ("face_found_over_truth",), ("at least", 0.9)),
    ("synthetic", ("crispness",), ("within", (0.7, 1.4))),
    ("real", ("register_agreement",), ("at least", 0.85)),
    ("synthetic", ("fidelity", "breathiness"), ("at least", 0.6)),
    ("synthetic", ("fidelity", "vtl_cm"), ("at least", 0.6)),
    ("synthetic", ("fidelity", "rate_syl_s"), ("at least", 0.6)),
    ("synthetic", ("matching",), ("at least", 0.8)),
    ("synthetic", ("diversity",), ("at least", 1.5)),
)


def target_progress(report: Mapping) -> float:
    """0..len(TARGETS): for each target, 1 when met, else how far towards it the figure is
    (0 for a figure that is missing or points the wrong way)."""
    total = 0.0
    for set_name, path, (kind, goal) in TARGETS:
        value = report.get("sets", {}).get(set_name, {})
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if not isinstance(value, (int, float)) or value != value:  # missing or NaN
            continue
        if kind == "within":
            low, high = goal
            total += 1.0 if low <= value <= high else max(0.0, min(value / low, high / value))
        else:
            total += max(0.0, min(1.0, value / goal))
    return total


def bundled_yardstick(info: GeneratorInfo) -> dict | None:
    """The yardstick figures recorded for the generator's first bundled weights, if any."""
    bundled = [spec for spec in info.weights if spec.bundled]
    if not bundled:
        return None
    try:
        folder = plugin_package_dir(info) / bundled[0].bundled
        record = json.loads((Path(folder) / "TRAINING.json").read_text(encoding="utf-8"))
    except (WeightsError, OSError, ValueError):
        return None
    figures = record.get("yardstick") if isinstance(record, dict) else None
    if isinstance(figures, dict) and "sets" not in figures:  # one build, several entries
        figures = figures.get(Path(bundled[0].bundled).name)
    return figures if isinstance(figures, dict) and "sets" in figures else None


def best_voice_to_face(generators: Iterable[GeneratorInfo]) -> str | None:
    """The id of the voice→face generator with the most progress towards the targets; the
    first listed wins a tie, and one without figures ranks below any with them. Only those
    that need nothing but a voice take part (XFaVoT's restyles a face it must be given)."""
    best: tuple[float, str] | None = None
    for info in generators:
        if info.task != Task.VOICE_TO_FACE or _needs_a_picture(info):
            continue
        report = bundled_yardstick(info)
        progress = target_progress(report) if report is not None else -1.0
        if best is None or progress > best[0]:
            best = (progress, info.id)
    return best[1] if best else None


def _needs_a_picture(info: GeneratorInfo) -> bool:
    return any(slot.kind is Kind.IMAGE and not slot.optional for slot in info.inputs)
