"""The crop proposed for a new picture: centred on the largest face for a face input, framed
the way the bundled models saw faces in training; the whole picture for a scene input; a
centred crop, with the reason, when no face is found."""

from __future__ import annotations

from dataclasses import dataclass

from .crop import Box, around, largest
from .faces import detect_faces, detector_problem
from .picture import Picture

FACE, SCENE = "face", "scene"
# The training frame of the models, measured against the detector: over 55 synthetic faces of
# studio.demodata (the corpus the demo weights learnt from) pasted at 160-400 px into larger
# pictures, the 64x64 frame is 1.22 (median) times as tall as the detected face box is wide, and
# its centre 0.10 face widths below the box's. That is the crop aligned face datasets use too:
# the whole head, hair and chin, with the top of the shoulders.
FACE_FRAME = 1.25  # frame height / detected face width
FACE_DROP = 0.10  # frame centre below the face centre, in face widths


@dataclass(frozen=True)
class Proposal:
    box: Box  # full-size pixels
    face: Box | None  # the face it is centred on (full-size pixels)
    note: str  # what was done, for the status line


def propose(picture: Picture, aspect: float = 1.0, content: str = FACE) -> Proposal:
    bounds = picture.full_size
    if content == SCENE:
        return Proposal(largest(aspect, bounds), None, "the whole picture")
    problem = detector_problem()
    if problem is not None:
        return Proposal(largest(aspect, bounds), None, f"centred: no face detection ({problem})")
    faces = detect_faces(picture.pixels)
    if not faces:
        return Proposal(largest(aspect, bounds), None, "no face found: centred crop")
    face = faces[0].scaled(1 / picture.scale)
    return Proposal(face_frame(face, aspect, bounds), face, "centred on the face found")


def face_frame(face: Box, aspect: float, bounds: tuple[int, int]) -> Box:
    """The crop around a detected ``face`` box, inside the picture."""
    x, y = face.centre
    height = FACE_FRAME * face.width
    return around((x, y + FACE_DROP * face.width), height * aspect, aspect, bounds)
