"""Avatar portraits for synthetic speakers: Avataaars-style vector art, rendered at any size.

Built from the parts of ``python_avatars`` (MIT; the Avataaars art by Pablo Stanley, free for
personal and commercial use) and rasterised offline by ``resvg``, anti-aliased.

What the voice decides:
  * the F0 register -> gender presentation: long hair families for the high register, short
    ones (and, for some speakers, facial hair) for the low one;
  * vocal-tract length -> face proportions: the whole figure is drawn 0.86..1.14x as wide;
  * breathiness -> skin tone, through the art's own skin palette (dark .. pale), like ``face``;
  * jitter, an age-like cue (it grows with age in real voices) -> grey hair, 0..50 % silver
    (salt and pepper: more would light the hair round a dark face until a face detector
    no longer finds it).
What the speaker's seed decides, the same in every picture of them: the hair style within its
family, the base hair colour, the nose and brows, the clothes and the background. The
expression is neutral (default eyes, serious mouth), and there are no hats, glasses or hair
over the face, so OpenCV's frontal face cascades find the face.

Pillow and the art libraries are imported when first used.
"""

from __future__ import annotations

import colorsys
import io
import math
import re
import threading
from dataclasses import dataclass

import numpy as np

from . import seeds
from .speakers import JITTER, SpeakerParams, lerp

__all__ = ["AvatarLook", "avatar", "avatar_svg", "look"]

AVATAR = 26  # seeds purpose of a speaker's avatar (scenes and sound_scenes use 23..25)
MASTER_SIZE = 256
# The art's 264x280 canvas is cropped to this square (x, y, side): the head and shoulders, with
# room around the face, which the Haar cascades need to find it at 128 and 256 px alike.
FRAME = (2.0, 0.0, 260.0)
CENTRE_X = 132.0  # the art's vertical axis: the figure is widened about it
EYE_Y = 112.0  # the art's eye row (the Face group at y 82, the eyes 30 below its top)

# The register boundary between the two F0 modes of ``speakers`` (85-147 and 147-252 Hz).
REGISTER_HZ = 147.0
WIDTH_SCALE = (0.86, 1.14)  # over the VTL range
GREY_SHARE = (0.0, 0.5)  # silver mixed into the hair over the jitter range (log scale)
SILVER = (232, 225, 225)
# The art's skin palette from dark to pale (its Black, Dark Brown, Brown, Light and Pale):
# breathiness 0, 0.25, .. 1 runs through it, so lightness rises with breathiness.
SKIN_RGB = ((97, 67, 53), (174, 93, 41), (208, 139, 91), (237, 185, 138), (255, 219, 180))
# Dark natural hair colours of one luma (36-40), so the grey share alone sets the hair's lightness.
BASE_HAIR_RGB = ((36, 36, 40), (52, 33, 26), (66, 30, 20), (45, 35, 30))
FACIAL_HAIR_SHARE = 0.5  # of low-register speakers

# Hair that frames the face without covering the eyes, nose or mouth, and takes a hair colour.
# Short styles keep the art's facial-hair slot (long ones need none).
SHORT_HAIR = (
    "caesar", "caesar_side_part", "short_flat", "short_round", "short_waved", "short_curly",
    "short_dreads_1", "frizzle", "buzzcut", "elvis", "pompadour", "quiff",
)  # fmt: skip
LONG_HAIR = (
    "bob", "curly", "curvy", "dreads", "fro", "straight_1", "straight_strand", "mia_wallace",
)  # fmt: skip
FACIAL_HAIR = ("beard_light", "beard_medium", "moustache_fancy", "moustache_magnum")
NOSES = ("default", "small", "wide")
BROWS = ("default", "default_natural", "flat_natural")
CLOTHES = (
    "blazer_shirt", "blazer_sweater", "collar_sweater", "hoodie", "overall",
    "shirt_crew_neck", "shirt_scoop_neck", "shirt_v_neck",
)  # fmt: skip

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


def look(speaker: SpeakerParams, seed: int = 0) -> AvatarLook:
    """The avatar of ``speaker``: voice-driven traits from its parameters, the rest from
    (``seed``, the speaker's index) only, never from an utterance."""
    rng = seeds.stream(seed, AVATAR, speaker.index)
    u = rng.random(9)  # a fixed number of draws, whatever is used, so every choice is stable
    low_register = speaker.f0_hz < REGISTER_HZ
    styles = SHORT_HAIR if low_register else LONG_HAIR
    grey = lerp(GREY_SHARE, jitter_position(speaker))
    base = BASE_HAIR_RGB[_pick(u[1], len(BASE_HAIR_RGB))]
    bearded = low_register and u[2] < FACIAL_HAIR_SHARE
    return AvatarLook(
        hair=styles[_pick(u[0], len(styles))],
        hair_rgb=_mix(base, SILVER, grey),
        facial_hair=FACIAL_HAIR[_pick(u[3], len(FACIAL_HAIR))] if bearded else "",
        width_scale=round(lerp(WIDTH_SCALE, speaker.vtl_position), 4),
        skin_rgb=skin_colour(speaker.breathiness),
        grey_share=round(grey, 4),
        nose=NOSES[_pick(u[4], len(NOSES))],
        brows=BROWS[_pick(u[5], len(BROWS))],
        clothing=CLOTHES[_pick(u[6], len(CLOTHES))],
        # Clothes and backgrounds in blues, greens and violets: never a skin or hair colour.
        clothing_rgb=_hsv(lerp((140, 300), u[7]), 0.55, 0.55 + 0.3 * u[8]),
        background_rgb=_hsv(lerp((150, 280), u[8]), 0.3, 0.92 - 0.12 * u[7]),
    )


def jitter_position(speaker: SpeakerParams) -> float:
    """Jitter placed in 0..1 on a log scale across ``JITTER`` (the age-like cue)."""
    low, high = math.log(JITTER[0]), math.log(JITTER[1])
    return min(max((math.log(speaker.jitter) - low) / (high - low), 0.0), 1.0)


def skin_colour(breathiness: float) -> RGB:
    position = min(max(breathiness, 0.0), 1.0) * (len(SKIN_RGB) - 1)
    k = min(int(position), len(SKIN_RGB) - 2)
    return _mix(SKIN_RGB[k], SKIN_RGB[k + 1], position - k)


def avatar_svg(speaker: SpeakerParams, seed: int = 0, size: int = MASTER_SIZE) -> str:
    """The avatar as SVG, ``size`` x ``size`` px, framed on the head."""
    import python_avatars as pa

    chosen = look(speaker, seed)
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


def avatar(speaker: SpeakerParams, seed: int = 0, size: int = MASTER_SIZE) -> np.ndarray:
    """The avatar of ``speaker`` as uint8 RGB [size, size, 3]; the same bytes every time."""
    if not isinstance(size, int) or isinstance(size, bool) or not 16 <= size <= 4096:
        raise ValueError(f"avatar size must be a whole number of pixels in 16..4096, not {size!r}")
    import resvg
    from PIL import Image

    tree = resvg.usvg.Tree.from_str(avatar_svg(speaker, seed, size), _options())
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


def _pick(u: float, n: int) -> int:
    return min(int(u * n), n - 1)


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def _hsv(hue_deg: float, saturation: float, value: float) -> RGB:
    r, g, b = colorsys.hsv_to_rgb(hue_deg / 360.0, saturation, value)
    return (round(r * 255), round(g * 255), round(b * 255))


def _hex(rgb: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)
