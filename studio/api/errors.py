"""Errors a plugin raises so the host can tell the user what went wrong, in one line."""

from __future__ import annotations

import os


class StudioError(Exception):
    """Base of every error the app reports to the user as a plain message."""


class InputError(StudioError):
    """An input the user gave cannot be used; the message names the file and the reason."""

    def __init__(self, source: object, reason: str):
        self.source = shown_name(source)
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")


class WeightsError(StudioError):
    """A checkpoint is missing, unreadable, or not the layout the plugin expects."""


class Cancelled(StudioError):
    """The user cancelled a running job; raised from ``Progress.update``/``check``."""

    def __init__(self, message: str = "cancelled"):
        super().__init__(message)


def shown_name(path: object) -> str:
    """``path`` as text that can always be printed: the bytes of a file name in another
    encoding (which Python keeps as lone surrogates) are shown as ``\\xe9`` escapes."""
    text = os.fspath(path) if isinstance(path, os.PathLike) else str(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
