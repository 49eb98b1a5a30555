"""Progress reporting and cooperative cancellation, shared by plugins, engine, CLI and UI.

A plugin calls ``progress.update(fraction, message)`` between steps of its work; the call
raises :class:`Cancelled` once the user has asked to stop, so long work ends promptly and
cleanly without threads being killed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .errors import Cancelled

ProgressCallback = Callable[[float, str], None]


class CancelToken:
    """A thread-safe flag the UI sets and the worker polls."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class Progress:
    """Reports ``fraction`` in [0, 1] for a job and raises :class:`Cancelled` when asked to stop.

    ``span(start, end)`` gives a child whose 0..1 maps onto ``start..end`` of this one, so
    encode and decode can each report their own 0..1 inside one overall bar.
    """

    def __init__(
        self,
        callback: ProgressCallback | None = None,
        token: CancelToken | None = None,
        start: float = 0.0,
        end: float = 1.0,
    ) -> None:
        self._callback = callback
        self.token = token or CancelToken()
        self._start = start
        self._end = end

    def check(self) -> None:
        if self.token.cancelled:
            raise Cancelled()

    def update(self, fraction: float, message: str = "") -> None:
        self.check()
        if self._callback is not None:
            fraction = min(max(float(fraction), 0.0), 1.0)
            self._callback(self._start + (self._end - self._start) * fraction, message)

    def span(self, start: float, end: float) -> Progress:
        width = self._end - self._start
        return Progress(
            self._callback, self.token, self._start + width * start, self._start + width * end
        )


def silent() -> Progress:
    """A progress that reports nowhere and is never cancelled."""
    return Progress()
