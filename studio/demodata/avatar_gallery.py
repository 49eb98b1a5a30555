"""A contact sheet of speakers' avatars, labelled with their id and F0, for looking at the domain."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .avatar import avatar
from .speakers import SpeakerParams

TILE = 128  # px per avatar
LABEL = 16  # px of caption under each avatar
COLUMNS = 10


def gallery(speakers: Sequence[SpeakerParams], path: str | os.PathLike) -> Path:
    """Writes a PNG grid of the avatars of ``speakers`` to ``path``."""
    from PIL import Image, ImageDraw, ImageFont

    if not speakers:
        raise ValueError("a gallery needs at least one speaker")
    columns = min(COLUMNS, len(speakers))
    rows = -(-len(speakers) // columns)
    sheet = Image.new("RGB", (columns * TILE, rows * (TILE + LABEL)), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=11)
    for k, speaker in enumerate(speakers):
        x, y = (k % columns) * TILE, (k // columns) * (TILE + LABEL)
        sheet.paste(Image.fromarray(avatar(speaker, TILE)), (x, y))
        caption = f"{speaker.id}  {speaker.f0_hz:.0f} Hz"
        draw.text((x + 3, y + TILE + 2), caption, fill=(0, 0, 0), font=font)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, format="PNG")  # Pillow writes no time stamp: the same sheet, the same bytes
    return out
