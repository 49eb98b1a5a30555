"""The weights picker's entries for a generator: demo first, untrained (random) last."""

from __future__ import annotations

from dataclasses import dataclass

from studio.api import GeneratorInfo
from studio.engine.weights_choice import UNTRAINED
from studio.weights import ModelStore


@dataclass(frozen=True)
class WeightsChoice:
    label: str
    value: str | None  # what the engine is asked for; None lets it choose


def needs_weights(info: GeneratorInfo) -> bool:
    return bool(info.weights or info.importers or info.untrained)


def weights_choices(info: GeneratorInfo, store: ModelStore) -> list[WeightsChoice]:
    if not needs_weights(info):
        return [WeightsChoice("none needed", None)]
    bundled = sorted((spec for spec in info.weights if spec.bundled), key=lambda s: not s.demo)
    choices = [
        WeightsChoice(_label(spec.title or spec.name, spec.demo), spec.name) for spec in bundled
    ]
    choices += [
        WeightsChoice(_label(entry.name, entry.demo), entry.name)
        for entry in store.list(info.plugin)
        if not entry.problem
    ]
    if not choices:
        choices.append(WeightsChoice("no weights installed", None))
    if info.untrained:
        choices.append(WeightsChoice("untrained (random)", UNTRAINED))
    return choices


def _label(name: str, demo: bool) -> str:
    """Demo weights are small models trained on synthetic data: the picker says so."""
    return f"{name} (demo)" if demo and "demo" not in name.lower() else name
