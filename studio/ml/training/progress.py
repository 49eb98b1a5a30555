"""The progress line: step/total, speed, ETA and the latest metrics.

Reported through a :class:`studio.api.Progress` (fraction, message), so the desktop app can
show it and cancel training with its token. On a console, :class:`ConsoleLine` redraws one
line on a terminal and prints a line per report otherwise (torchrun, nohup, CI logs), where
``studio.cli.progress_bar.ProgressBar`` stays silent and cuts messages to 40 characters.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from typing import TextIO


def format_duration(seconds: float) -> str:
    seconds = max(round(seconds), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{seconds:02d}s"
    return f"{seconds}s"


class StepClock:
    """Speed and ETA from the steps done in this session (a resumed run's earlier steps and
    the first step's warm-up would skew them)."""

    def __init__(self, step: int) -> None:
        self.restart(step)

    def restart(self, step: int) -> None:
        self._first_step = step
        self._first_time: float | None = None

    def tick(self, step: int) -> None:
        """Call after each step; timing starts once the first step has finished."""
        if self._first_time is None:
            self._first_step, self._first_time = step, time.monotonic()

    def rate(self, step: int) -> float | None:
        if self._first_time is None or step <= self._first_step:
            return None
        return (step - self._first_step) / max(time.monotonic() - self._first_time, 1e-9)

    def eta(self, step: int, total: int) -> float | None:
        rate = self.rate(step)
        return None if rate is None else (total - step) / rate


def status(step: int, total: int, clock: StepClock, metrics: Mapping[str, float]) -> str:
    """E.g. ``120/5000 3.1 step/s ETA 26m13s loss_d 0.412 loss_g 1.93``."""
    rate, eta = clock.rate(step), clock.eta(step, total)
    parts = [f"{step}/{total}"]
    parts.append(f"{rate:.3g} step/s" if rate is not None else "")
    parts.append(f"ETA {format_duration(eta) if eta is not None else '?'}")
    parts += [f"{name} {value:.4g}" for name, value in metrics.items()]
    return " ".join(part for part in parts if part)


class ConsoleLine:
    """A progress callback for the console: ``label  42% message``."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.redraw = self.stream.isatty()
        self._width = 0

    def __call__(self, fraction: float, message: str) -> None:
        line = f"{self.label} {fraction * 100:3.0f}% {message}"
        if self.redraw:
            self.stream.write("\r" + line.ljust(self._width))
            self._width = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.redraw and self._width:
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0
