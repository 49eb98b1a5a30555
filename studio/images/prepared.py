"""An image input as the app keeps it: the picture, the crop box the user accepted (or the
proposal), and the cropped image the generator receives."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from studio.api import Image

from .crop import Box, fitted, inside
from .picture import Picture, open_picture, picture_of
from .proposal import FACE, Proposal, propose
from .render import render


@dataclass(frozen=True, eq=False)
class Prepared:
    picture: Picture
    proposal: Proposal
    box: Box
    image: Image

    @property
    def adjusted(self) -> bool:
        """True when the user moved the crop away from the proposal."""
        return self.box != self.proposal.box


def prepare(path: Path, aspect: float = 1.0, content: str = FACE) -> Prepared:
    """Read ``path``, propose a crop and cut it out (slow: run it off the GUI thread)."""
    picture = open_picture(path)
    proposal = propose(picture, aspect, content)
    return Prepared(picture, proposal, proposal.box, render(picture, proposal.box))


def prepare_image(image: Image, aspect: float = 1.0) -> Prepared:
    """An image from the app itself (a result): the whole of it at the slot's aspect."""
    picture = picture_of(image)
    proposal = propose(picture, aspect, "scene")
    if proposal.box == Box(0, 0, *picture.full_size):
        return Prepared(picture, proposal, proposal.box, image)  # already the right shape
    return Prepared(picture, proposal, proposal.box, render(picture, proposal.box))


def recropped(prepared: Prepared, box: Box) -> Prepared:
    """``prepared`` cut out at ``box`` instead (may re-read the file: off the GUI thread)."""
    box = inside(box, prepared.picture.full_size)
    return replace(prepared, box=box, image=render(prepared.picture, box))


def for_aspect(prepared: Prepared, aspect: float, content: str = FACE) -> Prepared:
    """``prepared`` for a slot of another shape: the proposal redone, the user's own crop
    reshaped about its centre."""
    if abs(prepared.box.aspect - aspect) < 1e-6:
        return prepared
    proposal = propose(prepared.picture, aspect, content)
    box = (
        fitted(prepared.box, aspect, prepared.picture.full_size)
        if prepared.adjusted
        else proposal.box
    )
    return replace(prepared, proposal=proposal, box=box, image=render(prepared.picture, box))
