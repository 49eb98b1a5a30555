"""Finding faces in a picture with the Haar cascades that ship inside opencv-python-headless
(``cv2/data``): no model download, a few tens of milliseconds on a 1024-pixel copy.

OpenCV is imported on first use only; without it (or without its cascade files, say in a
bundle that left them out) :func:`detector_problem` says why and no face is ever found.
"""

from __future__ import annotations

import functools
import threading

import numpy as np

from .crop import Box

# Tried in order until one finds a face: alt2 has the fewest false alarms on photos; the default
# cascade finds more of the faces alt2 misses (drawn or softly lit ones).
CASCADES = ("haarcascade_frontalface_alt2.xml", "haarcascade_frontalface_default.xml")
DETECT_SIDE = 1024  # faces are looked for on a copy this big: smaller than ~1/40 of it are missed
_LOCK = threading.Lock()  # one detection at a time: the classifiers keep scratch state


class DetectorUnavailable(Exception):
    pass


def detector_problem() -> str | None:
    """Why faces cannot be found here (None when they can)."""
    try:
        _cascades()
    except DetectorUnavailable as error:
        return str(error)
    return None


def detect_faces(pixels: np.ndarray) -> list[Box]:
    """Frontal faces in uint8 RGB ``pixels``, in its pixel coordinates, largest first."""
    import cv2

    cascades = _cascades()
    height, width = pixels.shape[:2]
    scale = min(1.0, DETECT_SIDE / max(width, height))
    small = pixels
    if scale < 1:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
    gray = cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_RGB2GRAY)
    smallest = max(20, round(max(gray.shape) / 40))
    found: list = []
    with _LOCK:
        for cascade in cascades:
            found = list(
                cascade.detectMultiScale(
                    gray, scaleFactor=1.1, minNeighbors=4, minSize=(smallest, smallest)
                )
            )
            if found:
                break
    boxes = [Box(*(float(v) / scale for v in found_box)) for found_box in found]
    return sorted(boxes, key=lambda box: box.width * box.height, reverse=True)


@functools.lru_cache(maxsize=1)
def _cascades() -> tuple:
    try:
        import cv2
    except ImportError as error:
        raise DetectorUnavailable(f"OpenCV is not installed ({error})") from None
    loaded = []
    for name in CASCADES:
        path = cv2.data.haarcascades + name
        cascade = cv2.CascadeClassifier(path)
        if cascade.empty():
            raise DetectorUnavailable(f"OpenCV's face cascade {name} is missing ({path})")
        loaded.append(cascade)
    return tuple(loaded)


def self_check() -> str:
    """Finds the face in a drawn test picture (what ``persona-studio selftest`` runs, so a bundle
    missing OpenCV or its cascades is caught); a one-line description, or DetectorUnavailable."""
    import time

    import cv2

    from studio.demodata.face import face
    from studio.demodata.speakers import draw_speakers

    _cascades()
    picture = np.full((480, 640, 3), 90, np.uint8)
    drawn = cv2.resize(face(draw_speakers(1, seed=11)[0], seed=0), (240, 240))
    picture[120:360, 300:540] = drawn
    started = time.perf_counter()
    found = detect_faces(picture)
    elapsed = time.perf_counter() - started
    if not found or not 300 <= found[0].centre[0] <= 540:
        raise DetectorUnavailable("the cascade found no face in the drawn test picture")
    return f"OpenCV {cv2.__version__}, found the test face in {elapsed * 1000:.0f} ms"
