"""What a ``.persona`` project holds, as plain values (the app converts its own model to these).

Layout of the zip (``mimetype`` first and stored, as ODF does, so file managers can sniff it)::

    mimetype                      application/x-persona-studio
    manifest.json                 format, tracks, mixer, results, generator settings
    audio/<id>.flac               the audio tracks point into (each recording or file once)
    inputs/<n>-<slot>.flac|.png   what result n was made from (audio mix or image)
    outputs/<n>.png|.flac         result n, recipe embedded as in an exported file
    outputs/<n>.encoded.npz       the latent encode gave (the sliders' zero point)
    outputs/<n>.latent.npz        the latent decoded into the output

``FORMAT`` is bumped when an older Persona Studio could not read a new file correctly; such a
file is refused by older versions with a "made by a newer version" message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studio.api import AudioClip, Image, Latent
from studio.engine.recipe import Recipe

FORMAT = 1
SUFFIX = ".persona"
MIME_TYPE = "application/x-persona-studio"
MANIFEST = "manifest.json"
MIMETYPE_MEMBER = "mimetype"
KIND = "persona-studio-project"


@dataclass(frozen=True)
class SavedSegment:
    source: str  # key in ProjectFile.sources
    start: int
    end: int
    gain: float = 1.0
    ramps: tuple[tuple[float, float, str], ...] = ()  # (first, last, shape) fade ramps


@dataclass(frozen=True)
class SavedTrack:
    id: int
    name: str
    rate: int
    channels: int
    segments: tuple[SavedSegment, ...]
    volume_db: float = 0.0
    mute: bool = False
    solo: bool = False


@dataclass(frozen=True, eq=False)
class SavedResult:
    number: int
    generator: str  # generator id
    title: str  # shown even when the plugin is not installed
    task: str
    output: Image | AudioClip
    recipe: Recipe
    model: dict[str, Any]  # plugin, name, directory, sha256, config
    encoded: Latent
    latent: Latent
    inputs: dict[str, AudioClip | Image] = field(default_factory=dict)
    weights: str | None = None  # the weights picker's choice
    positions: tuple[float, ...] | None = None  # latent slider positions
    derived_from: int | None = None


@dataclass(eq=False)
class ProjectFile:
    sources: dict[str, AudioClip] = field(default_factory=dict)
    tracks: list[SavedTrack] = field(default_factory=list)
    master_db: float = 0.0
    crossfade: dict[str, Any] | None = None  # a, b, amount
    results: list[SavedResult] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)  # the generator panel's choices
    selection: dict[str, Any] | None = None  # start, end, tracks
    app_version: str = ""
