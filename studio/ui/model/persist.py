"""The editor's model to and from a project file's plain values (:mod:`studio.project`).

Audio sources are shared between tracks (a paste points into the same recording), so each is
stored once under a key and the segments refer to it; reopening gives the same sharing back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from studio.api import AudioClip, GeneratorInfo, Image, Kind, ModelRef, Task
from studio.project import ProjectFile, SavedResult, SavedSegment, SavedTrack

from .project import Crossfade, Project, Selection
from .results import Result, summary
from .segments import Ramp, Segment
from .source import Source
from .track import Track


@dataclass
class Restored:
    """A project file as the editor uses it."""

    project: Project
    selection: Selection
    results: list[Result]
    settings: dict[str, Any]
    next_track_id: int
    origins: set[str] = field(default_factory=set)  # files the audio came from (takes included)


def to_file(
    project: Project,
    selection: Selection,
    results: list[Result],
    settings: dict[str, Any],
) -> ProjectFile:
    keys: dict[int, str] = {}
    sources: dict[str, AudioClip] = {}

    def key_of(source: Source) -> str:
        if id(source) not in keys:
            keys[id(source)] = f"a{len(keys) + 1}"
            sources[keys[id(source)]] = source.clip
        return keys[id(source)]

    tracks = [
        SavedTrack(
            id=track.id,
            name=track.name,
            rate=track.rate,
            channels=track.channels,
            volume_db=track.volume_db,
            mute=track.mute,
            solo=track.solo,
            segments=tuple(
                SavedSegment(
                    key_of(s.source),
                    s.start,
                    s.end,
                    s.gain,
                    tuple((r.first, r.last, r.shape) for r in s.ramps),
                )
                for s in track.segments
            ),
        )
        for track in project.tracks
    ]
    crossfade = project.crossfade
    return ProjectFile(
        sources=sources,
        tracks=tracks,
        master_db=project.master_db,
        crossfade=None
        if crossfade is None
        else {"a": crossfade.a, "b": crossfade.b, "amount": crossfade.amount},
        results=[_saved_result(result) for result in results],
        settings=dict(settings),
        selection={
            "start": selection.start,
            "end": selection.end,
            "tracks": sorted(selection.tracks),
        },
    )


def _saved_result(result: Result) -> SavedResult:
    model = result.model
    return SavedResult(
        number=result.number,
        generator=result.info.id,
        title=result.info.title,
        task=result.info.task.value,
        output=result.output,
        recipe=result.recipe,
        model={
            "plugin": model.plugin,
            "name": model.name,
            "directory": str(model.directory),
            "sha256": model.sha256,
            "config": model.config,
        },
        encoded=result.encoded,
        latent=result.latent,
        inputs={k: v for k, v in result.inputs.items() if isinstance(v, (AudioClip, Image))},
        weights=result.weights,
        positions=None if result.positions is None else tuple(result.positions.tolist()),
        derived_from=result.derived_from,
    )


def from_file(saved: ProjectFile, generators: dict[str, GeneratorInfo]) -> Restored:
    """Rebuild the editor's values (peak pyramids included: slow for long audio, use a worker)."""
    sources = {key: Source.from_clip(clip) for key, clip in saved.sources.items()}
    tracks = tuple(
        Track(
            id=t.id,
            name=t.name,
            rate=t.rate,
            channels=t.channels,
            volume_db=t.volume_db,
            mute=t.mute,
            solo=t.solo,
            segments=tuple(
                Segment(
                    sources[s.source],
                    s.start,
                    s.end,
                    s.gain,
                    tuple(Ramp(first, last, shape) for first, last, shape in s.ramps),
                )
                for s in t.segments
            ),
        )
        for t in saved.tracks
    )
    cross = saved.crossfade
    project = Project(
        tracks=tracks,
        master_db=saved.master_db,
        crossfade=None
        if not cross
        else Crossfade(int(cross["a"]), int(cross["b"]), cross["amount"]),
    )
    chosen = saved.selection or {}
    known = {t.id for t in tracks}
    selection = Selection(
        float(chosen.get("start", 0.0)),
        float(chosen.get("end", 0.0)),
        frozenset(t for t in chosen.get("tracks", ()) if t in known),
    )
    return Restored(
        project=project,
        selection=selection,
        results=[_result(r, generators) for r in saved.results],
        settings=saved.settings,
        next_track_id=max(known, default=0) + 1,
        origins={clip.source for clip in saved.sources.values() if clip.source},
    )


def _result(saved: SavedResult, generators: dict[str, GeneratorInfo]) -> Result:
    info = generators.get(saved.generator) or missing_generator(saved)
    model = saved.model
    return Result(
        number=saved.number,
        info=info,
        output=saved.output,
        recipe=saved.recipe,
        model=ModelRef(
            model["plugin"],
            model["name"],
            Path(model["directory"]),
            dict(model.get("config") or {}),
            model["sha256"],
        ),
        encoded=saved.encoded,
        latent=saved.latent,
        inputs=dict(saved.inputs),
        weights=saved.weights,
        positions=None if saved.positions is None else np.array(saved.positions, np.float64),
        derived_from=saved.derived_from,
        peaks=summary(saved.output),
    )


def missing_generator(saved: SavedResult) -> GeneratorInfo:
    """A stand-in descriptor, so results of a plugin that is not installed still show."""
    try:
        task = Task(saved.task)
    except ValueError:
        task = Task.VOICE_TO_FACE
    return GeneratorInfo(
        id=saved.generator,
        title=f"{saved.title} (plugin not installed)",
        task=task,
        inputs=(),
        output=Kind.IMAGE if isinstance(saved.output, Image) else Kind.AUDIO,
        load="",
    )
