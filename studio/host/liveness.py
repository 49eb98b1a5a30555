"""Is the process that left a marker or a session file still running? (For crash detection.)"""

from __future__ import annotations

import os
import time
from pathlib import Path

# Where a process id cannot be checked (Windows), a heartbeat older than this means "gone".
STALE_SECONDS = 5 * 60


def running(pid: object, heartbeat: float | None = None) -> bool:
    """Whether process ``pid`` is alive (a zombie, killed but not yet reaped, is not)."""
    if os.name == "posix" and isinstance(pid, int):
        try:
            os.kill(pid, 0)  # signal 0 only asks whether the process exists
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return not _zombie(pid)
    return heartbeat is not None and time.time() - heartbeat < STALE_SECONDS


def _zombie(pid: int) -> bool:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("State:"):
                return "Z" in line.split()[1]
    except OSError:
        pass
    return False
