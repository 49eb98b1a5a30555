"""The hooks a plugin may implement; the host refuses any other ``studio_*`` hook name."""

from __future__ import annotations

import pluggy

PROJECT = "persona_studio"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def studio_generators() -> list:
    """Return a list of :class:`studio.api.GeneratorInfo`. Must not import model code."""
