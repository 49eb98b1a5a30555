"""The app's remembered settings (Qt-free): preferences, recent projects, window layout.

Kept in ``<data dir>/settings.json`` with a ``format`` number. Older formats are migrated
forward key by key; a file from a newer version is read for the keys this one knows and is
never written back over (so running an old version does not wipe a newer one's settings).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from studio.base.atomic import write_text_atomically
from studio.paths import data_dir

SETTINGS_FORMAT = 1
RECENT_LIMIT = 10
THEMES = ("system", "light", "dark")


@dataclass
class Preferences:
    device: str = "auto"  # auto, cpu, cuda, cuda:N, mps
    model_cache: int = 2  # loaded models kept in memory
    input_device: str = ""  # microphone name ("" = the system default)
    output_device: str = ""  # speakers name ("" = the system default)
    theme: str = "system"  # follows the system unless set
    autosave_seconds: int = 60
    recordings_folder: str = ""  # "" = <data dir>/recordings

    def problems(self) -> list[str]:
        found = []
        if self.theme not in THEMES:
            found.append(f"theme {self.theme!r} is not one of {', '.join(THEMES)}")
        if not 1 <= self.model_cache <= 16:
            found.append("the model cache holds 1 to 16 models")
        if not 10 <= self.autosave_seconds <= 3600:
            found.append("autosave every 10 s to 1 h")
        return found

    def recordings(self) -> Path:
        return Path(self.recordings_folder) if self.recordings_folder else data_dir() / "recordings"


@dataclass
class Settings:
    preferences: Preferences = field(default_factory=Preferences)
    recent: list[str] = field(default_factory=list)  # project files, newest first
    window: dict[str, str] = field(default_factory=dict)  # Qt's geometry and state, base64
    path: Path | None = None
    read_only: bool = False  # written by a newer version: do not overwrite
    note: str = ""  # what went wrong reading the file, for the status line

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or settings_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path=path)  # the first run
        except OSError as error:  # a folder, no permission...: leave it alone, do not save
            note = f"{path}: cannot be read ({error.strerror or error}); using the defaults"
            return cls(path=path, read_only=True, note=note)
        except (ValueError, RecursionError):  # bad JSON or not UTF-8
            data = None
        if not isinstance(data, dict):
            return cls(path=path, note=_set_aside(path))
        try:
            return cls._from_data(data, path)
        except (TypeError, ValueError, AttributeError):  # JSON, but not settings as we write them
            return cls(path=path, note=_set_aside(path))

    @classmethod
    def _from_data(cls, data: dict[str, Any], path: Path) -> Settings:
        data = migrate(data)
        known = {f.name for f in fields(Preferences)}
        stored = data.get("preferences") or {}
        defaults = Preferences()
        values = {}
        for name in known & set(stored):
            value = stored[name]
            if isinstance(value, type(getattr(defaults, name))):
                values[name] = value
        preferences = Preferences(**values)
        if preferences.problems():
            preferences = Preferences()
        return cls(
            preferences=preferences,
            recent=[str(p) for p in data.get("recent", []) if isinstance(p, str)][:RECENT_LIMIT],
            window={str(k): str(v) for k, v in (data.get("window") or {}).items()},
            path=path,
            read_only=data.get("format", 0) > SETTINGS_FORMAT,
        )

    def save(self) -> None:
        if self.read_only:
            return
        data = {
            "format": SETTINGS_FORMAT,
            "preferences": asdict(self.preferences),
            "recent": self.recent,
            "window": self.window,
        }
        write_text_atomically(self.path or settings_path(), json.dumps(data, indent=1))

    def add_recent(self, path: Path) -> None:
        text = str(Path(path).resolve())
        self.recent = [text, *(p for p in self.recent if p != text)][:RECENT_LIMIT]
        self.save()

    def forget_recent(self, path: Path) -> None:
        text = str(Path(path).resolve())
        self.recent = [p for p in self.recent if p != text]
        self.save()


def _set_aside(path: Path) -> str:
    """Keep a damaged settings file beside the new one (the user may want it) and say so."""
    aside = path.with_name(f"{path.stem}.damaged-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}")
    try:
        os.replace(path, aside)
    except OSError:
        return f"{path} is damaged; using the defaults"
    return f"{path} was damaged; it was kept as {aside.name} and the defaults are used"


def settings_path() -> Path:
    return data_dir() / "settings.json"


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older settings file up to ``SETTINGS_FORMAT`` (format 0: no format key yet)."""
    if data.get("format", 0) < 1:
        data = {"format": 1, "preferences": {k: v for k, v in data.items() if k != "recent"},
                "recent": data.get("recent", [])}  # fmt: skip
    return data
