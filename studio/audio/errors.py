"""The one error type every audio file problem raises."""

from __future__ import annotations

from studio.api.errors import InputError


class AudioFileError(InputError):
    """An audio file could not be used; ``str()`` is ``"<file>: <reason>"``."""
