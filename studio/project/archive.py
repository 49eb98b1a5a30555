"""Writing and reading ``.persona`` files.

Saving writes the whole zip to a hidden temporary file beside the destination, flushes it to
disk and only then renames it over the old file, so a crash or a full disk during a save
leaves the previous project exactly as it was.
"""

from __future__ import annotations

import json
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import soundfile as sf

from studio import __version__
from studio.api import AudioClip, Image
from studio.api.errors import InputError, StudioError
from studio.api.files import require_file
from studio.api.zipguard import is_safe_name, zip_problem
from studio.audio.edits import FADE_SHAPES
from studio.base.atomic import replacing
from studio.engine.recipe import RECIPE_KEY, Recipe, audio_comment

from . import media
from .format import (
    FORMAT,
    KIND,
    MANIFEST,
    MIME_TYPE,
    MIMETYPE_MEMBER,
    ProjectFile,
    SavedResult,
    SavedSegment,
    SavedTrack,
)

LEFTOVER_SECONDS = 3600
MEDIA_FOLDERS = ("audio/", "inputs/", "outputs/")  # where a manifest may point
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # no time stamps inside: the same project gives the same bytes
Report = Callable[[float, str], None]


class NewerFormatError(InputError):
    """The file was written by a newer Persona Studio, in a format this one cannot read."""


# -- writing ---------------------------------------------------------------------------------


def write_project(
    path: Path,
    project: ProjectFile,
    cache: media.AudioCache | None = None,
    report: Report | None = None,
) -> None:
    """Save ``project`` to ``path`` atomically (the old file stays intact until the rename)."""
    path = Path(path)
    cache = cache or media.AudioCache()
    report = report or (lambda fraction, message: None)
    with replacing(path) as temporary:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            _put(archive, MIMETYPE_MEMBER, MIME_TYPE.encode(), stored=True)
            manifest = _write_members(archive, project, cache, report)
            _put(archive, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
        with temporary.open("rb+") as written:  # on disk before the rename makes it the project
            os.fsync(written.fileno())
    _remove_leftovers(path)


def _remove_leftovers(path: Path) -> None:
    """Delete temporaries of earlier saves of ``path`` that were killed half-way (old ones
    only: a save running in another Persona Studio right now is never touched)."""
    now = time.time()
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if now - leftover.stat().st_mtime > LEFTOVER_SECONDS:
                leftover.unlink()
        except OSError:
            pass  # gone already, or not ours to delete


def _put(archive: zipfile.ZipFile, name: str, data: bytes, stored: bool = False) -> None:
    info = zipfile.ZipInfo(name, FIXED_TIME)
    # FLAC, PNG and npz are compressed already: storing them is as small and much faster.
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _write_members(archive, project: ProjectFile, cache, report: Report) -> dict[str, Any]:
    sources = {}
    total = max(len(project.sources) + len(project.results), 1)
    for done, (key, clip) in enumerate(project.sources.items()):
        report(done / total, f"saving audio {done + 1} of {len(project.sources)}")
        member = f"audio/{key}.flac"
        _put(archive, member, cache.flac(clip), stored=True)
        sources[key] = {
            "file": member,
            "rate": clip.rate,
            "channels": clip.channels,
            "frames": clip.frames,
            "origin": clip.source,
        }
    results = []
    for done, result in enumerate(project.results, start=len(project.sources)):
        report(done / total, f"saving result #{result.number}")
        results.append(_write_result(archive, result, cache))
    return {
        "format": FORMAT,
        "kind": KIND,
        "app_version": project.app_version or __version__,
        "sources": sources,
        "tracks": [_track_json(track) for track in project.tracks],
        "master_db": project.master_db,
        "crossfade": project.crossfade,
        "selection": project.selection,
        "results": results,
        "settings": project.settings,
    }


def _track_json(track: SavedTrack) -> dict[str, Any]:
    return {
        "id": track.id,
        "name": track.name,
        "rate": track.rate,
        "channels": track.channels,
        "volume_db": track.volume_db,
        "mute": track.mute,
        "solo": track.solo,
        "segments": [
            {
                "source": s.source,
                "start": s.start,
                "end": s.end,
                "gain": s.gain,
                "ramps": [list(ramp) for ramp in s.ramps],
            }
            for s in track.segments
        ],
    }


def _write_result(archive, result: SavedResult, cache) -> dict[str, Any]:
    stem = f"outputs/{result.number}"
    if isinstance(result.output, Image):
        output = f"{stem}.png"
        data = media.png_bytes(result.output, {RECIPE_KEY: result.recipe.to_json()})
    else:
        output = f"{stem}.flac"
        data = media.flac_bytes(result.output, audio_comment(result.recipe))
    _put(archive, output, data, stored=True)
    _put(archive, f"{stem}.encoded.npz", media.latent_bytes(result.encoded), stored=True)
    _put(archive, f"{stem}.latent.npz", media.latent_bytes(result.latent), stored=True)
    inputs = {}
    for slot, value in result.inputs.items():
        if isinstance(value, Image):
            member = f"inputs/{result.number}-{slot}.png"
            _put(archive, member, media.png_bytes(value), stored=True)
        else:
            member = f"inputs/{result.number}-{slot}.flac"
            _put(archive, member, cache.flac(value), stored=True)
        inputs[slot] = member
    return {
        "number": result.number,
        "generator": result.generator,
        "title": result.title,
        "task": result.task,
        "output": output,
        "encoded": f"{stem}.encoded.npz",
        "latent": f"{stem}.latent.npz",
        "recipe": json.loads(result.recipe.to_json()),
        "model": result.model,
        "inputs": inputs,
        "weights": result.weights,
        "positions": None if result.positions is None else [float(p) for p in result.positions],
        "derived_from": result.derived_from,
    }


# -- reading ---------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the project at ``path``, checked to be one this version can read."""
    path = Path(path)
    with _open(path) as archive:
        return _manifest(path, archive)


def read_project(path: Path, report: Report | None = None) -> ProjectFile:
    """The project saved at ``path``; InputError naming the file and the problem otherwise."""
    path = Path(path)
    report = report or (lambda fraction, message: None)
    with _open(path) as archive:
        manifest = _manifest(path, archive)
        try:
            return _project(archive, manifest, report)
        except StudioError:  # a cancel from ``report``, or a refusal already worded
            raise
        except sf.SoundFileError as error:
            raise InputError(path, f"the project's audio is damaged ({error})") from error
        except MemoryError:
            raise InputError(path, "not enough memory to open this project") from None
        except Exception as error:
            # Hostile bytes reach json, zlib, Pillow and numpy, each failing in its own way;
            # to the user every one of them is the same news.
            raise InputError(path, f"the project file is damaged ({_what(error)})") from error


class _open:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> zipfile.ZipFile:
        path = require_file(self.path)
        try:
            self.archive = zipfile.ZipFile(path)
        except OSError as error:
            raise InputError(path, f"cannot be read ({error.strerror or error})") from None
        except Exception as error:  # BadZipFile, and struct/value errors from a forged directory
            raise InputError(
                path, "not a Persona Studio project (not a zip archive)"
            ) from error
        problem = zip_problem(self.archive)
        if problem:
            self.archive.close()
            raise InputError(path, f"refused: {problem}")
        return self.archive

    def __exit__(self, *exc) -> None:
        self.archive.close()


def _manifest(path: Path, archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise InputError(path, f"not a Persona Studio project (no {MANIFEST} inside)") from None
    except MemoryError:
        raise InputError(path, "not enough memory to open this project") from None
    except Exception as error:  # bad JSON or UTF-8, zlib errors, nesting too deep, encryption
        raise InputError(path, f"the project file is damaged ({MANIFEST}: {_what(error)})") from error
    if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
        raise InputError(path, f"not a Persona Studio project ({MANIFEST} is not a project's)")
    version = manifest.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(path, f"the project file is damaged (format {_what(repr(version))})")
    if version > FORMAT:
        made_by = _what(str(manifest.get("app_version") or "unknown"))[:40]
        raise NewerFormatError(
            path,
            f"this project was made by a newer version of Persona Studio "
            f"({made_by}, project format {version}); this "
            f"version ({__version__}) reads project formats up to {FORMAT}. "
            "Update Persona Studio to open it.",
        )
    return manifest


def _project(archive, manifest: dict[str, Any], report: Report) -> ProjectFile:
    sources = {}
    total = max(len(manifest["sources"]) + len(manifest["results"]), 1)
    for done, (key, entry) in enumerate(manifest["sources"].items()):
        report(done / total, f"reading audio {done + 1} of {len(manifest['sources'])}")
        sources[key] = media.read_flac(_member(archive, entry["file"]), entry.get("origin"))
    tracks = [
        SavedTrack(
            id=int(t["id"]),
            name=str(t["name"]),
            rate=int(t["rate"]),
            channels=int(t["channels"]),
            volume_db=float(t["volume_db"]),
            mute=bool(t["mute"]),
            solo=bool(t["solo"]),
            segments=tuple(
                SavedSegment(
                    s["source"],
                    int(s["start"]),
                    int(s["end"]),
                    float(s["gain"]),
                    tuple((float(a), float(b), str(shape)) for a, b, shape in s["ramps"]),
                )
                for s in t["segments"]
            ),
        )
        for t in manifest["tracks"]
    ]
    for track in tracks:
        for segment in track.segments:
            if any(shape not in FADE_SHAPES for _, _, shape in segment.ramps):
                raise ValueError(f"track {track.name!r} has a fade of an unknown shape")
            if segment.source not in sources:
                raise KeyError(
                    f"track {track.name!r} uses audio {segment.source!r} not in the file"
                )
    results = []
    for done, entry in enumerate(manifest["results"], start=len(sources)):
        report(done / total, f"reading result #{entry['number']}")
        results.append(_read_result(archive, entry))
    return ProjectFile(
        sources=sources,
        tracks=tracks,
        master_db=float(manifest.get("master_db", 0.0)),
        crossfade=manifest.get("crossfade"),
        results=results,
        settings=dict(manifest.get("settings") or {}),
        selection=manifest.get("selection"),
        app_version=str(manifest.get("app_version", "")),
    )


def _read_result(archive, entry: dict[str, Any]) -> SavedResult:
    data = _member(archive, entry["output"])
    output: Image | AudioClip
    if entry["output"].endswith(".png"):
        output = media.read_png(data)
    else:
        output = media.read_flac(data, None)
    inputs: dict[str, Image | AudioClip] = {}
    for slot, member in entry["inputs"].items():
        raw = _member(archive, member)
        inputs[slot] = (
            media.read_png(raw) if member.endswith(".png") else media.read_flac(raw, None)
        )
    recipe = dict(entry["recipe"])
    recipe.pop("format", None)
    positions = entry.get("positions")
    return SavedResult(
        number=int(entry["number"]),
        generator=str(entry["generator"]),
        title=str(entry["title"]),
        task=str(entry["task"]),
        output=output,
        recipe=Recipe(**recipe),
        model=dict(entry["model"]),
        encoded=media.read_latent(_member(archive, entry["encoded"])),
        latent=media.read_latent(_member(archive, entry["latent"])),
        inputs=inputs,
        weights=entry.get("weights"),
        positions=None if positions is None else tuple(float(p) for p in positions),
        derived_from=entry.get("derived_from"),
    )


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    if not isinstance(name, str) or not name.startswith(MEDIA_FOLDERS) or not is_safe_name(name):
        if name in (MANIFEST, MIMETYPE_MEMBER):
            raise ValueError(f"it names its own {name} as media")
        raise ValueError(f"it names {name!r}, which is not a media file inside the project")
    try:
        return archive.read(name)
    except KeyError:
        raise KeyError(name) from None  # zipfile's own message repeats itself


def _what(error: BaseException | str) -> str:
    if isinstance(error, KeyError):
        return f"missing {error.args[0]}" if error.args else "a missing entry"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    text = " ".join(str(error).split())[:200]  # one line, whatever the library said
    return text or type(error).__name__
