"""The crop rectangle of an image input: a box in the upright picture's full-size pixels, kept
inside the picture and at the slot's aspect (width / height) through every move and resize."""

from __future__ import annotations

from dataclasses import dataclass

MIN_SIDE = 16.0  # the smallest crop, in full-size pixels (models upsample anything smaller)
CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")


@dataclass(frozen=True)
class Box:
    """``left, top, width, height`` in full-size pixels of the upright picture."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def centre(self) -> tuple[float, float]:
        return self.left + self.width / 2, self.top + self.height / 2

    @property
    def aspect(self) -> float:
        return self.width / self.height

    def scaled(self, factor: float) -> Box:
        """The same box in a picture ``factor`` times the size (a working copy, a view)."""
        return Box(self.left * factor, self.top * factor, self.width * factor, self.height * factor)

    def corner(self, name: str) -> tuple[float, float]:
        x = self.right if name.endswith("right") else self.left
        y = self.bottom if name.startswith("bottom") else self.top
        return x, y

    def to_dict(self) -> dict[str, float]:
        return {"left": self.left, "top": self.top, "width": self.width, "height": self.height}

    @classmethod
    def from_dict(cls, data: dict) -> Box:
        return cls(*(float(data[key]) for key in ("left", "top", "width", "height")))


Size = tuple[int, int]  # width, height


def largest(aspect: float, bounds: Size, centre: tuple[float, float] | None = None) -> Box:
    """The biggest box of ``aspect`` inside the picture, centred on ``centre`` as far as the
    picture's edges allow (default: the picture's centre)."""
    width, height = bounds
    box_width = min(width, height * aspect)
    centre = centre or (width / 2, height / 2)
    return around(centre, box_width, aspect, bounds)


def around(centre: tuple[float, float], width: float, aspect: float, bounds: Size) -> Box:
    """A box ``width`` wide at ``aspect`` centred on ``centre``, shrunk (about its centre) to
    fit the picture and then slid inside it."""
    widest = min(bounds[0], bounds[1] * aspect)
    width = max(min(width, widest), min(MIN_SIDE, widest))
    height = width / aspect
    x, y = centre
    return inside(Box(x - width / 2, y - height / 2, width, height), bounds)


def inside(box: Box, bounds: Size) -> Box:
    """``box`` slid (not resized) so that it lies within the picture."""
    left = min(max(box.left, 0.0), max(bounds[0] - box.width, 0.0))
    top = min(max(box.top, 0.0), max(bounds[1] - box.height, 0.0))
    return Box(left, top, box.width, box.height)


def moved(box: Box, dx: float, dy: float, bounds: Size) -> Box:
    return inside(Box(box.left + dx, box.top + dy, box.width, box.height), bounds)


def fitted(box: Box, aspect: float, bounds: Size) -> Box:
    """``box`` at another ``aspect`` (a model with another input shape): the same area's
    worth about the same centre, inside the picture."""
    width = (box.width * box.height * aspect) ** 0.5
    return around(box.centre, width, aspect, bounds)


def resized(box: Box, corner: str, point: tuple[float, float], bounds: Size) -> Box:
    """``box`` with ``corner`` dragged to ``point`` while the opposite corner stays put: the
    aspect is kept (the pointer's farther coordinate decides the size), the box never turns
    inside out, leaves the picture or shrinks below ``MIN_SIDE``."""
    aspect = box.aspect
    opposite = _opposite(corner)
    anchor_x, anchor_y = box.corner(opposite)
    rightward = corner.endswith("right")
    downward = corner.startswith("bottom")
    reach_x = (point[0] - anchor_x) if rightward else (anchor_x - point[0])
    reach_y = (point[1] - anchor_y) if downward else (anchor_y - point[1])
    width = max(reach_x, reach_y * aspect)
    room_x = (bounds[0] - anchor_x) if rightward else anchor_x
    room_y = (bounds[1] - anchor_y) if downward else anchor_y
    width = min(width, room_x, room_y * aspect)
    width = max(width, min(MIN_SIDE, room_x, room_y * aspect))
    height = width / aspect
    left = anchor_x if rightward else anchor_x - width
    top = anchor_y if downward else anchor_y - height
    return Box(left, top, width, height)


def zoomed(box: Box, factor: float, bounds: Size) -> Box:
    """``box`` grown (factor > 1) or shrunk about its centre, kept inside the picture."""
    return around(box.centre, box.width * factor, box.aspect, bounds)


def _opposite(corner: str) -> str:
    vertical, horizontal = corner.split("-")
    return (
        ("top" if vertical == "bottom" else "bottom")
        + "-"
        + ("left" if horizontal == "right" else "right")
    )
