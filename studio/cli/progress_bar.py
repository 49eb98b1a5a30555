"""A one-line progress bar on stderr for long commands (silent when stderr is not a terminal)."""

from __future__ import annotations

import sys


class ProgressBar:
    WIDTH = 30

    def __init__(self, label: str, stream=None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()

    def __call__(self, fraction: float, message: str) -> None:
        if not self.enabled:
            return
        filled = round(fraction * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {fraction * 100:3.0f}% {message[:40]:<40}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (self.WIDTH + len(self.label) + 50) + "\r")
            self.stream.flush()
