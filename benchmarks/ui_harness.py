"""Running the desktop app in a child process for the UI benchmarks.

The parent starts ``python -m benchmarks.<module> --child ...`` with the offscreen Qt platform
(or the real display, when ``PERSONA_BENCH_DISPLAY`` is set) and reads ``name value`` lines
from it; the child builds the real main window and reports as it goes. Call these before the
parent loads torch (see ``benchmarks/__main__.py``).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("PERSONA_BENCH_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    # No one answers questions, on the real display either: closing with unsaved changes keeps
    # them in the recovery file instead of asking (studio.ui.unattended).
    env["PERSONA_STUDIO_UNATTENDED"] = "1"
    return env


def forget_kept_work(pid: int) -> None:
    """Drop the recovery folder a child kept its unsaved work in, so that the next run starts
    as a fresh one and is not offered that work back."""
    from studio.project.recovery import crashed_sessions

    for crashed in crashed_sessions():
        if crashed.info.get("pid") == pid:
            crashed.discard()


def spawn(module: str, *args: str, timeout: float = 600) -> tuple[dict[str, float], float, int]:
    """Run a child; returns its reported figures, the seconds until its first line, and its
    peak RSS in MB."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", f"benchmarks.{module}", "--child", *args],
        cwd=ROOT,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first_line_at = None
    figures: dict[str, float] = {}
    for line in child.stdout:
        if first_line_at is None:
            first_line_at = time.perf_counter() - started
        name, _, value = line.strip().partition(" ")
        if value:
            figures[name] = float(value)
    _, status, usage = os.wait4(child.pid, 0)
    forget_kept_work(child.pid)
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"benchmark child {module} failed: {child.stderr.read()[-800:]}")
    return figures, first_line_at or 0.0, usage.ru_maxrss // 1024


def report(name: str, value: float) -> None:
    """Called in the child: one figure for the parent."""
    print(f"{name} {value}", flush=True)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(round(fraction * (len(ordered) - 1)), len(ordered) - 1)]


def median(values: list[float]) -> float:
    return statistics.median(values)


def make_window():
    """The app's window exactly as ``make run`` makes it (real plugins; sound devices if any)."""
    from studio.ui.app import make_window as app_window

    return app_window()


class Heartbeat:
    """A 5 ms timer on the GUI thread: the longest gap between its ticks is the longest time
    the event loop could not run (a stall the user would feel)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        self._tick()
        return self.longest

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


def on_first_paint(widget, callback) -> None:
    """Call ``callback()`` right after ``widget`` has painted for the first time."""
    from studio.ui.smoke import on_first_paint as watch

    watch(widget, callback)
