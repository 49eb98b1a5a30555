"""Reading input images and writing PNG results with text metadata (Pillow, no Qt).

Pictures are read upright (their EXIF orientation applied) and, when asked, at a bounded size:
a JPEG is decoded straight at 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling, Pillow's
``draft``), other formats are decoded once and box-reduced, so a 12000x12000 photo costs tens
of megabytes, not half a gigabyte, and well under a second.
"""

from __future__ import annotations

import io
import math
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.api import Image
from studio.api.errors import InputError
from studio.api.files import require_file
from studio.base.atomic import write_bytes_atomically

# Pixels we are willing to hold decoded at once (a baseline JPEG counts at its draft scale):
# 250 MP is a 15800x15800 PNG, ~1 GB while decoding. Only truly absurd files are refused.
MAX_DECODED_PIXELS = 250_000_000
# Pillow's own bomb guard refuses anything over 2 x 89 MP inside open(), before a JPEG could be
# drafted down; ours above replaces it while we open a file (the lock keeps the lifted limit to
# that moment and to one thread's open at a time).
_PILLOW_LIMIT_LOCK = threading.Lock()
# Modes Image.reduce works on; others (palette, 16-bit) are converted first.
_REDUCIBLE = frozenset({"L", "LA", "RGB", "RGBA", "RGBa", "La", "CMYK", "YCbCr", "I", "F"})


@dataclass(frozen=True)
class Decoded:
    """A picture read upright: ``pixels`` (possibly scaled down) and the upright full size."""

    pixels: np.ndarray  # uint8 [height, width, 3]
    full_size: tuple[int, int]  # width, height of the upright original


def read_image(path: Path) -> Image:
    """The picture at ``path`` at full size, upright; InputError names the file and problem."""
    return Image(decode_image(path).pixels, source=str(Path(path)))


def decode_image(path: Path, longest: int | None = None) -> Decoded:
    """The picture at ``path``, upright, scaled so its longer side is at least ``longest`` and
    less than twice that (never enlarged; ``None``: full size)."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    path = require_file(path)
    try:
        with _pillow_limit_lifted():
            opened = PILImage.open(path)
        with opened:
            full = opened.size
            _draft(opened, longest)
            _check_size(path, opened, full)
            picture = _downscaled(opened, longest)
            stored = picture.size
            _upright(picture)
            pixels = np.asarray(_rgb(picture), dtype=np.uint8)
    except InputError:
        raise
    except PILImage.DecompressionBombError:
        raise InputError(path, "the picture is too large to open") from None
    except UnidentifiedImageError:
        raise InputError(
            path, "not an image file the app can read (JPEG, PNG, WebP, BMP, GIF or TIFF)"
        ) from None
    except MemoryError:
        raise InputError(path, "not enough memory to open this picture") from None
    except Exception as error:  # Pillow's decoders raise OSError, SyntaxError, ValueError...
        raise InputError(path, f"the picture is damaged or incomplete ({error})") from None
    turned = picture.size != stored  # a quarter turn (EXIF 5-8) swaps width and height
    return Decoded(pixels, full[::-1] if turned else full)


@contextmanager
def _pillow_limit_lifted():
    from PIL import Image as PILImage

    with _PILLOW_LIMIT_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
        saved = PILImage.MAX_IMAGE_PIXELS
        PILImage.MAX_IMAGE_PIXELS = None
        try:
            yield
        finally:
            PILImage.MAX_IMAGE_PIXELS = saved


def _draft(opened, longest: int | None) -> None:
    """Ask a JPEG decoder for the smallest DCT scale still at least ``longest`` pixels."""
    if longest is None or opened.format != "JPEG" or _progressive(opened):
        return
    width, height = opened.size
    ratio = longest / max(width, height)
    if ratio < 1:
        opened.draft("RGB", (math.ceil(width * ratio), math.ceil(height * ratio)))


def _progressive(opened) -> bool:
    # A progressive JPEG keeps every DCT coefficient of the full image while decoding, whatever
    # the output scale: it costs what a full decode costs, so it meets the full-size limit.
    return bool(opened.info.get("progressive") or opened.info.get("progression"))


def _check_size(path: Path, opened, full: tuple[int, int]) -> None:
    width, height = opened.size  # after the draft: what will really be decoded
    if width * height > MAX_DECODED_PIXELS:
        megapixels = full[0] * full[1] / 1e6
        raise InputError(
            path,
            f"the picture is too large to open ({full[0]}×{full[1]}, {megapixels:.0f} "
            f"megapixels; at most {MAX_DECODED_PIXELS // 1_000_000} megapixels unless it is a "
            "baseline JPEG): scale it down in an image editor first",
        )


def _downscaled(opened, longest: int | None):
    from PIL import Image as PILImage

    opened.load()
    picture = opened
    if picture.mode.startswith("I;16"):  # 16-bit grey (scans, PNG exports): keep its top byte
        eight_bit = PILImage.fromarray((np.asarray(picture) >> 8).astype(np.uint8), "L")
        eight_bit.info = dict(picture.info)  # the EXIF orientation travels with it
        picture = eight_bit
    if picture.mode not in _REDUCIBLE:
        picture = picture.convert("RGBA" if _has_alpha(picture) else "RGB")
    if longest is not None:
        factor = max(picture.size) // longest
        if factor >= 2:  # a box filter over factor x factor blocks: fast, and no aliasing
            picture = picture.reduce(factor)
    return picture


def _upright(picture):
    """The picture turned the way its EXIF orientation tag says the camera was held (in place:
    no second copy of a big picture)."""
    from PIL import ImageOps

    ImageOps.exif_transpose(picture, in_place=True)
    return picture


def _has_alpha(picture) -> bool:
    return picture.mode in ("RGBA", "LA", "RGBa", "La", "PA") or "transparency" in picture.info


def _rgb(picture):
    """RGB; transparent parts over white, as image viewers show them."""
    from PIL import Image as PILImage

    if picture.mode == "RGB":
        return picture
    if not _has_alpha(picture):
        return picture.convert("RGB")
    rgba = picture.convert("RGBA")
    white = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
    return PILImage.alpha_composite(white, rgba).convert("RGB")


def png_bytes(image: Image, text: dict[str, str]) -> bytes:
    from PIL import Image as PILImage
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for key, value in text.items():
        info.add_text(key, value)
    buffer = io.BytesIO()
    PILImage.fromarray(image.pixels, "RGB").save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def write_png(path: Path, image: Image, text: dict[str, str]) -> None:
    write_bytes_atomically(Path(path), png_bytes(image, text))


def read_png_text(path: Path, key: str) -> str | None:
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with PILImage.open(path) as opened:
            return getattr(opened, "text", {}).get(key)
    except (UnidentifiedImageError, OSError) as error:
        raise InputError(path, f"cannot read PNG ({error})") from None
