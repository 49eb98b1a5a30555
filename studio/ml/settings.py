"""``--set NAME=VALUE`` overrides applied to a recipe's dataclass of hyper-parameters."""

from __future__ import annotations

import dataclasses
import typing
from typing import Any, TypeVar

from studio.api.errors import StudioError
from studio.api.types import parse_bool

Config = TypeVar("Config")


def apply_settings(config: Config, settings: dict[str, str]) -> Config:
    """A copy of ``config`` with each named field parsed from text to the field's type."""
    hints = typing.get_type_hints(type(config))
    names = [field.name for field in dataclasses.fields(config)]
    changes = {}
    for name, text in settings.items():
        if name not in names:
            raise StudioError(f"unknown training setting {name!r} (settings: {', '.join(names)})")
        try:
            changes[name] = parse_value(text, hints[name])
        except ValueError as error:
            raise StudioError(f"setting {name}: {error}") from None
    return dataclasses.replace(config, **changes)


def parse_value(text: str, kind: Any) -> Any:
    origin = typing.get_origin(kind)
    if origin is tuple:
        element = typing.get_args(kind)[0]
        return tuple(parse_value(part, element) for part in text.split(",") if part.strip())
    if origin is typing.Union or origin is getattr(__import__("types"), "UnionType", None):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return None if text.lower() in ("", "none") else parse_value(text, options[0])
    if kind is bool:
        return parse_bool(text)
    if kind in (int, float, str):
        try:
            return kind(text)
        except ValueError:
            raise ValueError(f"expected {kind.__name__}, got {text!r}") from None
    raise ValueError(f"cannot parse a {kind}")


def as_record(config: Any) -> dict[str, Any]:
    """The config as JSON-ready values (tuples become lists)."""
    return {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in dataclasses.asdict(config).items()
    }


def from_record(cls: type[Config], record: dict[str, Any]) -> Config:
    """The dataclass ``cls`` from ``as_record``'s values (lists become tuples again)."""
    return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in record.items()})


def resolve_preset(
    base: Config, presets: dict[str, dict[str, Any]], settings: dict[str, str]
) -> Config:
    """A recipe's settings: the preset named by ``--set preset=NAME`` (default: "paper") over
    ``base``, then every other ``--set`` override. ``base`` needs a ``preset`` field."""
    preset = settings.get("preset", "paper")
    if preset not in presets:
        raise StudioError(f"unknown preset {preset!r} (presets: {', '.join(presets)})")
    chosen = dataclasses.replace(base, preset=preset, **presets[preset])
    return apply_settings(chosen, {k: v for k, v in settings.items() if k != "preset"})
