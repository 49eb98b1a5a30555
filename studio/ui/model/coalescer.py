"""At most one job in flight; requests made meanwhile collapse into the latest one.

This is how latent sliders stay smooth: dragging asks for a decode on every move, but only the
newest position is decoded once the running decode ends, so decodes never queue up behind the
mouse and the last position is always shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Coalescer(Generic[T]):
    def __init__(self, start: Callable[[T], None]) -> None:
        self._start = start
        self._pending: tuple[T] | None = None
        self.busy = False

    def request(self, value: T) -> None:
        if self.busy:
            self._pending = (value,)
            return
        self.busy = True
        self._start(value)

    def finished(self) -> None:
        """Call when the running job ends (done, failed or cancelled)."""
        if self._pending is None:
            self.busy = False
            return
        (value,), self._pending = self._pending, None
        self._start(value)

    def clear(self) -> None:
        """Forget any waiting request (the running one still reports ``finished``)."""
        self._pending = None
