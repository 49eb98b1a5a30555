"""Which plugins load: the user's enable/disable choices, safe mode, and the crash marker.

Before a plugin's code runs (its import, its hook, its generator module) the host writes a
marker naming it; when the code returns the marker is removed. A marker found at the next
start, left by a process that is gone, names the plugin that took the app down: it is
disabled and the user is told, instead of the app crashing on every start.

Everything is kept in ``<data dir>/plugins.json`` (versioned) and the marker in
``<data dir>/plugin-loading.json``.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from studio.base.atomic import write_text_atomically
from studio.paths import data_dir

from .liveness import running

STATE_FORMAT = 1
# The plugins that ship with the app (one distribution per paper): all safe mode loads.
BUILTIN = {
    name: f"persona-studio-{name}"
    for name in ("wen2019", "sf2f", "avpgan", "xfavot", "sound2vision")
}
SAFE_MODE_REASON = "not loaded in safe mode (only the built-in plugins are)"
DISABLED_REASON = "disabled by you"


def state_path() -> Path:
    return data_dir() / "plugins.json"


def marker_path() -> Path:
    return data_dir() / "plugin-loading.json"


def is_builtin(name: str, distribution: str) -> bool:
    return BUILTIN.get(name) == distribution


@dataclass
class PluginState:
    """The user's choices, remembered between runs: plugin name -> why it is off."""

    disabled: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> PluginState:
        path = path or state_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path=path)  # none yet, or unreadable: every plugin on
        if not isinstance(data, dict) or data.get("format", 0) > STATE_FORMAT:
            return cls(path=path)  # a newer version's file: leave it alone, use defaults
        disabled = data.get("disabled", {})
        return cls({str(k): str(v) for k, v in disabled.items()}, path)

    def save(self) -> None:
        path = self.path or state_path()
        text = json.dumps({"format": STATE_FORMAT, "disabled": self.disabled}, indent=1)
        write_text_atomically(path, text)

    def enabled(self, name: str) -> bool:
        return name not in self.disabled

    def set_enabled(self, name: str, enabled: bool) -> None:
        if enabled:
            self.disabled.pop(name, None)
        else:
            self.disabled.setdefault(name, DISABLED_REASON)
        self.save()


class PluginGate:
    """Asked by discovery whether each plugin may load, and marks it while its code runs."""

    def __init__(
        self,
        state: PluginState | None = None,
        safe_mode: bool = False,
        marker: Path | None = None,
    ) -> None:
        self.state = state or PluginState.load()
        self.safe_mode = safe_mode
        self.marker = marker or marker_path()
        self.notices: list[str] = []  # what the user should be told at start-up
        self._check_marker()

    def skip_reason(self, name: str, distribution: str) -> str | None:
        """Why plugin ``name`` is not loaded this run (None: load it)."""
        if self.safe_mode and not is_builtin(name, distribution):
            return SAFE_MODE_REASON
        return self.state.disabled.get(name)

    @contextmanager
    def loading(self, name: str, stage: str) -> Iterator[None]:
        """Mark ``name`` while its code runs; a crash of the process leaves the mark behind."""
        record = {"plugin": name, "stage": stage, "pid": os.getpid(), "time": time.time()}
        # Renamed into place but not fsynced: it must outlive this process, not the OS, and
        # start-up should not wait for the disk once per plugin.
        try:
            self.marker.parent.mkdir(parents=True, exist_ok=True)  # the first run has no data dir
            temporary = self.marker.with_name(f".{self.marker.name}.{os.getpid()}")
            temporary.write_text(json.dumps(record), encoding="utf-8")
            os.replace(temporary, self.marker)
        except OSError:
            pass  # a read-only data dir: load anyway, only without the crash protection
        try:
            yield
        finally:
            self.marker.unlink(missing_ok=True)

    def _check_marker(self) -> None:
        try:
            record = json.loads(self.marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(record, dict) or not record.get("plugin"):
            self.marker.unlink(missing_ok=True)
            return
        if record.get("pid") != os.getpid() and running(record.get("pid"), record.get("time")):
            return  # another Persona Studio is starting right now
        name = str(record["plugin"])
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(float(record.get("time") or 0)))
        reason = (
            f"crashed Persona Studio during its {record.get('stage', 'loading')} on {when}, so it "
            "was turned off; turn it back on in the Plugin manager once it is fixed"
        )
        self.state.disabled[name] = reason
        self.state.save()
        self.marker.unlink(missing_ok=True)
        self.notices.append(f"Plugin {name!r} {reason}.")
