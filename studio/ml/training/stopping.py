"""Stopping cleanly: the first Ctrl-C (or a cancelled progress token) asks the run to stop
after the current step and write a checkpoint; a second Ctrl-C interrupts at once."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from studio.api.progress import CancelToken


class StopRequest:
    def __init__(self, token: CancelToken | None = None) -> None:
        self._token = token
        self._asked = threading.Event()
        self._previous: Any = None
        self._installed = False

    @property
    def asked(self) -> bool:
        return self._asked.is_set() or (self._token is not None and self._token.cancelled)

    def ask(self) -> None:
        """Stop after the current step (what the first Ctrl-C does)."""
        self._asked.set()

    def install(self) -> None:
        """Take over SIGINT until :meth:`restore`; only possible on the main thread (the app
        runs training in a worker thread and stops it through the progress token instead)."""
        if threading.current_thread() is not threading.main_thread():
            return
        self._previous = signal.signal(signal.SIGINT, self._on_sigint)
        self._installed = True

    def restore(self) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)
            self._installed = False

    def _on_sigint(self, signum: int, frame: FrameType | None) -> None:
        if self._asked.is_set():
            raise KeyboardInterrupt
        # Only a flag: printing here could re-enter a stream the interrupted code is writing.
        self._asked.set()
