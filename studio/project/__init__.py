"""Project files (``.persona``) and crash recovery, without Qt.

A project file is a zip holding a JSON manifest, the audio the tracks point into (FLAC), the
generators' input images and audio, and every result with its recipe and latents. See
:mod:`.format` for the layout and :mod:`.archive` for reading and writing it atomically;
:mod:`.recovery` keeps an autosaved copy and the takes being recorded, for after a crash.
"""

from .archive import read_project, write_project
from .format import (
    FORMAT,
    MIME_TYPE,
    SUFFIX,
    ProjectFile,
    SavedResult,
    SavedSegment,
    SavedTrack,
)

__all__ = [
    "FORMAT",
    "MIME_TYPE",
    "SUFFIX",
    "ProjectFile",
    "SavedResult",
    "SavedSegment",
    "SavedTrack",
    "read_project",
    "write_project",
]
