"""Avatar portraits for synthetic speakers: Avataaars-style vector art, rendered at any size.

Built from the parts of ``python_avatars`` (MIT; the Avataaars art by Pablo Stanley, free for
personal and commercial use) and rasterised offline by ``resvg``, anti-aliased.

What the voice decides -- everything, so that a model that hears the voice can learn the whole
picture (parts drawn at random per speaker would only teach it their blurred average):
  * the F0 register -> gender presentation: a long hair style for the high register, a short
    one for the low, and a light beard below ``BEARD_HZ``;
  * vocal-tract length -> face proportions: the whole figure is drawn 0.86..1.14x as wide;
  * breathiness -> skin tone, through the art's own skin palette (dark .. pale), like ``face``;
  * speaking rate, an age-like cue (speech slows with age) -> grey hair, 0..50 % silver for the
    fastest .. slowest speakers (salt and pepper: more would light the hair round a dark face
    until a face detector no longer finds it). Jitter, the other age cue, is not used: a
    0.2..1.2 % wobble of the glottal period does not survive the log-mel features models hear.
Nose, brows, clothes and background are the same for everyone. The expression is neutral
(default eyes, serious mouth), and there are no hats, glasses or hair over the face, so
OpenCV's frontal face cascades find the face.

Pillow and the art libraries are imported when first used.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass

import numpy as np

from .speakers import SpeakerParams, lerp

__all__ = ["AvatarLook", "avatar", "avatar_svg", "look"]

MASTER_SIZE = 256
# The art's 264x280 canvas is cropped to this square (x, y, side): the head and shoulders, with
# room around the face, which the Haar cascades need to find it at 128 and 256 px alike.
FRAME = (2.0, 0.0, 260.0)
CENTRE_X = 132.0  # the art's vertical axis: the figure is widened about it
EYE_Y = 112.0  # the art's eye row (the Face group at y 82, the eyes 30 below its top)

# The register boundary between the two F0 modes of ``speakers`` (85-147 and 147-252 Hz).
REGISTER_HZ = 147.0
WIDTH_SCALE = (0.86, 1.14)  # over the VTL range
GREY_SHARE = (0.0, 0.5)  # silver mixed into the hair from the fastest to the slowest speech
SILVER = (232, 225, 225)
# The art's skin palette from dark to pale (its Black, Dark Brown, Brown, Light and Pale):
# breathiness 0, 0.25, .. 1 runs through it, so lightness rises with breathiness.
SKIN_RGB = ((97, 67, 53), (174, 93, 41), (208, 139, 91), (237, 185, 138), (255, 219, 180))
BASE_HAIR_RGB = (45, 35, 30)  # dark brown; the grey share alone sets the hair's lightness
BEARD_HZ = 105.0  # the deepest low-register voices wear a beard
# One part of each kind, chosen with the face cascades: hair that frames the face without
# covering the eyes, nose or mouth, and a plain shirt and pastel background that are never a
# skin or hair colour.
SHORT_HAIR = "short_flat"
LONG_HAIR = "straight_1"
FACIAL_HAIR = "beard_light"
NOSE = "default"
BROWS = "default_natural"
CLOTHING = "shirt_crew_neck"
CLOTHING_RGB = (84, 110, 160)
BACKGROUND_RGB = (200, 216, 232)

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class AvatarLook:
    """Everything that decides a speaker's avatar; the same for every picture of them."""

    hair: str
    hair_rgb: RGB
    facial_hair: str  # "" for none
    width_scale: float
    skin_rgb: RGB
    grey_share: float
    nose: str
    brows: str
    clothing: str
    clothing_rgb: RGB
    background_rgb: RGB


def look(speaker: SpeakerParams) -> AvatarLook:
    """The avatar of ``speaker``, from its voice parameters alone: never from a seed or an
    utterance, so a model that hears the voice can learn every part of the picture."""
    low_register = speaker.f0_hz < REGISTER_HZ
    grey = lerp(GREY_SHARE, slowness(speaker))
    return AvatarLook(
        hair=SHORT_HAIR if low_register else LONG_HAIR,
        hair_rgb=_mix(BASE_HAIR_RGB, SILVER, grey),
        facial_hair=FACIAL_HAIR if speaker.f0_hz < BEARD_HZ else "",
        width_scale=round(lerp(WIDTH_SCALE, speaker.vtl_position), 4),
        skin_rgb=skin_colour(speaker.breathiness),
        grey_share=round(grey, 4),
        nose=NOSE,
        brows=BROWS,
        clothing=CLOTHING,
        clothing_rgb=CLOTHING_RGB,
        background_rgb=BACKGROUND_RGB,
    )


def slowness(speaker: SpeakerParams) -> float:
    """The speaking rate placed in 0..1, slowest 1 (the age-like cue)."""
    return 1.0 - speaker.rate_position


def skin_colour(breathiness: float) -> RGB:
    position = min(max(breathiness, 0.0), 1.0) * (len(SKIN_RGB) - 1)
    k = min(int(position), len(SKIN_RGB) - 2)
    return _mix(SKIN_RGB[k], SKIN_RGB[k + 1], position - k)


def avatar_svg(speaker: SpeakerParams, size: int = MASTER_SIZE) -> str:
    """The avatar as SVG, ``size`` x ``size`` px, framed on the head."""
    import python_avatars as pa

    chosen = look(speaker)
    art = pa.Avatar(
        style=pa.AvatarStyle.TRANSPARENT,
        top=pa.HairType(chosen.hair),
        eyebrows=pa.EyebrowType(chosen.brows),
        eyes=pa.EyeType.DEFAULT,
        nose=pa.NoseType(chosen.nose),
        mouth=pa.MouthType.SERIOUS,
        facial_hair=pa.FacialHairType(chosen.facial_hair),
        skin_color=_hex(chosen.skin_rgb),
        hair_color=_hex(chosen.hair_rgb),
        facial_hair_color=_hex(chosen.hair_rgb),
        accessory=pa.AccessoryType.NONE,
        clothing=pa.ClothingType(chosen.clothing),
        clothing_color=_hex(chosen.clothing_rgb),
    ).render()
    # Keep the art's root element (it declares the namespaces its parts use) but not its size.
    start = art.index("<svg")
    root_end = art.index(">", start) + 1
    root = art[start:root_end]
    for attribute in ("width", "height", "viewBox"):
        root = re.sub(rf'\s{attribute}="[^"]*"', "", root)
    x, y, side = FRAME
    s = chosen.width_scale
    framed = root.replace(
        "<svg", f'<svg width="{size}" height="{size}" viewBox="{x} {y} {side} {side}"', 1
    )
    inner = art[root_end : art.rindex("</svg>")]
    return (
        f'{framed}<rect x="{x}" y="{y}" width="{side}" height="{side}" '
        f'fill="{_hex(chosen.background_rgb)}"/>'
        f'<g transform="matrix({s} 0 0 1 {CENTRE_X * (1 - s):.4f} 0)">{inner}</g></svg>'
    )


def avatar(speaker: SpeakerParams, size: int = MASTER_SIZE) -> np.ndarray:
    """The avatar of ``speaker`` as uint8 RGB [size, size, 3]; the same bytes every time."""
    if not isinstance(size, int) or isinstance(size, bool) or not 16 <= size <= 4096:
        raise ValueError(f"avatar size must be a whole number of pixels in 16..4096, not {size!r}")
    import resvg
    from PIL import Image

    tree = resvg.usvg.Tree.from_str(avatar_svg(speaker, size), _options())
    png = resvg.render(tree, (1.0, 0.0, 0.0, 0.0, 1.0, 0.0))  # identity (a, b, c, d, e, f)
    with Image.open(io.BytesIO(bytes(png))) as picture:
        return np.asarray(picture.convert("RGB"))


_PER_THREAD = threading.local()


def _options():
    """resvg's options, one per thread: an options object may only be used on the thread that
    made it (resvg panics otherwise), and the app draws avatars in worker threads."""
    options = getattr(_PER_THREAD, "options", None)
    if options is None:
        import resvg

        options = _PER_THREAD.options = resvg.usvg.Options.default()  # no fonts: no text
    return options


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def _hex(rgb: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)
