"""A deterministic synthetic voice–face corpus: the demo model's training data, and tests'.

Each synthetic speaker (``speakers``) has a mean F0, intonation range, vocal-tract length,
breathiness, speaking rate and jitter. ``voice`` speaks with them (a source–filter synthesiser)
and ``face`` paints a 64x64 face whose size, jaw, shape, brows and skin follow the same
parameters; ``face_measure`` reads those back from any aligned face image. ``corpus`` writes
speakers x utterances x faces to disk with a manifest. See docs/demo-data.md.

Importing this package loads numpy and the audio core only: scipy and Pillow are imported when
first used, torch never.
"""

from .corpus import UtteranceLabels, build_voices_faces, heldout, read_speakers, utterance_labels
from .face import FaceGeometry, face, geometry, skin_colour
from .face_measure import MEASUREMENTS, measure_face
from .speakers import SpeakerParams, draw_speaker, draw_speakers, speaker_id
from .voice import Segment, segments, utterance

__all__ = [
    "MEASUREMENTS",
    "FaceGeometry",
    "Segment",
    "SpeakerParams",
    "UtteranceLabels",
    "build_voices_faces",
    "draw_speaker",
    "draw_speakers",
    "face",
    "geometry",
    "heldout",
    "measure_face",
    "read_speakers",
    "segments",
    "skin_colour",
    "speaker_id",
    "utterance",
    "utterance_labels",
]
