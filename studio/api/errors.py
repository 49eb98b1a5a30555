"""Errors a plugin raises so the host can tell the user what went wrong, in one line."""

from __future__ import annotations


class StudioError(Exception):
    """Base of every error the app reports to the user as a plain message."""


class InputError(StudioError):
    """An input the user gave cannot be used; the message names the file and the reason."""

    def __init__(self, source: object, reason: str):
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")


class WeightsError(StudioError):
    """A checkpoint is missing, unreadable, or not the layout the plugin expects."""


class Cancelled(StudioError):
    """The user cancelled a running job; raised from ``Progress.update``/``check``."""

    def __init__(self, message: str = "cancelled"):
        super().__init__(message)
