"""A one-line warning for a picture given to a face input that shows no face (the CLI's
counterpart of the app's "no face found" status): generation still runs, since the detector
misses some real faces, but the user learns why the result may not follow the picture."""

from __future__ import annotations

from pathlib import Path

from .faces import detect_faces, detector_problem
from .picture import open_picture


def missing_face_note(path: Path, generator: str) -> str | None:
    """The warning for ``path``, or None when a face is found (or faces cannot be looked for
    here; the self-test reports that)."""
    if detector_problem() is not None:
        return None
    if detect_faces(open_picture(Path(path)).pixels):
        return None
    return (
        f"{path}: no face found in this picture; {generator} reads it as a face, so the "
        "result may not follow it (crop the picture to the face, or use another one)"
    )
