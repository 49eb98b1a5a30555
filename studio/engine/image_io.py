"""Reading input images and writing PNG results with text metadata (Pillow, no Qt)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from studio.api import Image
from studio.api.errors import InputError
from studio.ml.atomic import write_bytes_atomically

MAX_PIXELS = 64_000_000  # refuse absurd images before decoding them


def read_image(path: Path) -> Image:
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "not a file")
    try:
        with PILImage.open(path) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise InputError(path, f"image is too large ({opened.width}x{opened.height})")
            pixels = np.asarray(opened.convert("RGB"), dtype=np.uint8)
    except UnidentifiedImageError:
        raise InputError(path, "not an image file Pillow can read") from None
    except OSError as error:
        raise InputError(path, f"cannot read image ({error})") from None
    return Image(pixels, source=str(path))


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
