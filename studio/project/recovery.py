"""Crash recovery: each running app keeps a session folder under ``<data dir>/recovery/``.

The folder holds ``session.json`` (the app's process id, the project file it works on, the takes
recorded this session and the one being recorded) and ``recovery.persona``, the project as
autosaved every minute and after each generation. A clean exit deletes the folder; a folder
whose process is gone is what a crash left, and the next start offers to bring it back:
the autosaved project, plus every take it does not hold yet (takes are written to disk as
they are recorded, so a take cut short by the crash is there up to its last drained block).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.base.atomic import write_text_atomically
from studio.host.liveness import running
from studio.paths import data_dir

from .format import SUFFIX

SESSION_FILE = "session.json"
RECOVERY_FILE = "recovery" + SUFFIX
SESSION_FORMAT = 1


def recovery_root() -> Path:
    return data_dir() / "recovery"


class Session:
    """This run's recovery folder (created at once; removed by :meth:`close`)."""

    def __init__(self, root: Path | None = None) -> None:
        root = root or recovery_root()
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        self.folder = root / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.info: dict[str, Any] = {
            "format": SESSION_FORMAT,
            "pid": os.getpid(),
            "started": time.time(),
            "heartbeat": time.time(),
            "saved": None,  # when recovery.persona was last written
            "project": None,  # the user's .persona file, when the project has one
            "takes": [],  # every take recorded this session
            "recording": None,  # the take being recorded now
        }
        self._write()

    @property
    def recovery_file(self) -> Path:
        return self.folder / RECOVERY_FILE

    def _write(self) -> None:
        self.info["heartbeat"] = time.time()
        write_text_atomically(self.folder / SESSION_FILE, json.dumps(self.info, indent=1))

    def autosaved(self) -> None:
        """Record that ``recovery_file`` was just written."""
        self.info["saved"] = time.time()
        self._write()

    def heartbeat(self) -> None:
        self._write()

    def set_project(self, path: Path | None) -> None:
        self.info["project"] = None if path is None else str(path)
        self._write()

    def recording_started(self, take: Path) -> None:
        self.info["recording"] = str(take)
        self.info["takes"].append(str(take))
        self._write()

    def recording_stopped(self) -> None:
        self.info["recording"] = None
        self._write()

    def close(self) -> None:
        """A clean exit: nothing to recover."""
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass(frozen=True)
class Crashed:
    """What a crashed session left behind."""

    folder: Path
    info: dict[str, Any]

    @property
    def recovery_file(self) -> Path | None:
        path = self.folder / RECOVERY_FILE
        return path if path.is_file() else None

    @property
    def project(self) -> Path | None:
        """The project file the crashed app was working on, if it had been saved."""
        return Path(self.info["project"]) if self.info.get("project") else None

    @property
    def takes(self) -> list[Path]:
        """Takes of that session still on disk (the one cut short by the crash included)."""
        return [Path(p) for p in dict.fromkeys(self.info.get("takes", [])) if Path(p).is_file()]

    @property
    def interrupted_take(self) -> Path | None:
        take = self.info.get("recording")
        return Path(take) if take and Path(take).is_file() else None

    @property
    def saved(self) -> float | None:
        return self.info.get("saved")

    @property
    def worth_offering(self) -> bool:
        return self.recovery_file is not None or bool(self.takes)

    def describe(self) -> str:
        """A sentence for the recovery offer."""
        parts = []
        if self.recovery_file is not None and self.saved:
            parts.append(
                f"the project as autosaved at {time.strftime('%H:%M:%S', time.localtime(self.saved))}"
            )
        elif self.recovery_file is not None:
            parts.append("the autosaved project")
        takes = len(self.takes)
        if takes:
            cut = " (one cut short by the crash)" if self.interrupted_take else ""
            parts.append(f"{takes} recorded take{'s' if takes > 1 else ''}{cut}")
        name = Path(self.info["project"]).name if self.info.get("project") else "an unsaved project"
        return (
            f"Persona Studio did not close properly while working on {name}. It kept "
            + (" and ".join(parts) or "nothing")
            + "."
        )

    def discard(self) -> None:
        """Forget this session (its takes stay in the recordings folder)."""
        shutil.rmtree(self.folder, ignore_errors=True)


def crashed_sessions(root: Path | None = None) -> list[Crashed]:
    """Sessions left by apps that are no longer running, oldest first."""
    root = root or recovery_root()
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            info = json.loads((folder / SESSION_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not a session (or one being created right now)
        if not isinstance(info, dict) or info.get("pid") == os.getpid():
            continue
        if not _running(info):
            found.append(Crashed(folder, info))
    return found


def _running(info: dict[str, Any]) -> bool:
    return running(info.get("pid"), float(info.get("heartbeat") or 0))
