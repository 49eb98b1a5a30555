"""Reading a user's picture: upright (EXIF), huge photos at a bounded size and memory, and a
clear message naming the file for anything that cannot be read."""

import os
import struct
import subprocess
import sys
import zlib

import numpy as np
import pytest
from picture_files import halves_jpeg
from PIL import Image as PILImage

from studio.api.errors import InputError
from studio.engine.image_io import decode_image, read_image
from studio.images.picture import WORKING_SIDE, open_picture

RED, BLUE = (230, 20, 20), (20, 20, 230)


def near(pixel, colour) -> bool:
    return bool(np.abs(pixel.astype(int) - colour).max() < 40)


def test_a_sideways_camera_jpeg_is_turned_upright(tmp_path):
    # Orientation 6: the camera was turned clockwise; the stored left edge is the picture's top.
    image = read_image(halves_jpeg(tmp_path / "portrait.jpg", orientation=6))
    assert image.pixels.shape == (200, 100, 3)
    assert near(image.pixels[20, 50], RED) and near(image.pixels[180, 50], BLUE)
    decoded = decode_image(tmp_path / "portrait.jpg", longest=64)
    assert decoded.full_size == (100, 200)  # the upright size, however small the copy


def test_an_upside_down_jpeg_is_turned_round(tmp_path):
    image = read_image(halves_jpeg(tmp_path / "flipped.jpg", orientation=3))
    assert image.pixels.shape == (100, 200, 3)
    assert near(image.pixels[50, 20], BLUE) and near(image.pixels[50, 180], RED)


def test_an_untagged_jpeg_is_left_as_it_is(tmp_path):
    image = read_image(halves_jpeg(tmp_path / "plain.jpg", orientation=1))
    assert near(image.pixels[50, 20], RED) and near(image.pixels[50, 180], BLUE)


def test_a_transparent_png_is_shown_over_white(tmp_path):
    pixels = np.zeros((10, 10, 4), np.uint8)
    pixels[:5] = (200, 0, 0, 255)  # the top half opaque red, the rest fully transparent
    PILImage.fromarray(pixels, "RGBA").save(tmp_path / "cutout.png")
    image = read_image(tmp_path / "cutout.png")
    assert image.pixels[2, 2].tolist() == [200, 0, 0] and image.pixels[8, 8].tolist() == [255] * 3


def test_a_big_png_is_reduced_to_working_size(tmp_path):
    PILImage.new("RGB", (5000, 3000), (10, 200, 30)).save(tmp_path / "wide.png", compress_level=1)
    picture = open_picture(tmp_path / "wide.png")
    assert picture.full_size == (5000, 3000)
    assert WORKING_SIDE <= picture.pixels.shape[1] < 2 * WORKING_SIDE
    assert picture.pixels.shape[:2] == (1500, 2500) and picture.scale == 0.5
    assert picture.pixels[700, 1200].tolist() == [10, 200, 30]


# Opens the picture as the app does, in a process of its own, and prints its peak memory:
# VmHWM counts from the exec, where ru_maxrss would include the test process it was forked from.
CHILD = (
    "import re, sys; from studio.images.prepared import prepare; p = prepare(sys.argv[1]); "
    "peak = re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1); "
    "print(*p.picture.full_size, *p.picture.pixels.shape[:2], *p.image.size, peak)"
)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads Linux's VmHWM")
def test_a_12000_pixel_jpeg_opens_in_bounded_memory(tmp_path):
    path = tmp_path / "huge.jpg"
    canvas = PILImage.new("RGB", (12000, 12000), (120, 130, 140))
    canvas.paste((200, 150, 120), (3000, 3000, 9000, 9000))
    canvas.save(path, quality=80)
    del canvas
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    full_w, full_h, copy_h, copy_w, out_w, out_h, peak_kb = map(int, done.stdout.split())
    assert (full_w, full_h) == (12000, 12000)
    assert WORKING_SIDE <= copy_w < 2 * WORKING_SIDE and copy_h == copy_w
    assert max(out_w, out_h) == 512
    # Decoding it whole would hold 576 MB of pixels (Pillow keeps RGB in 4 bytes) before any
    # copy; the drafted decode keeps the whole process, Python, numpy and OpenCV included, far
    # below that.
    peak_mb = peak_kb / 1024
    assert peak_mb < 400, f"peak RSS {peak_mb:.0f} MB"


def png_header_only(path, width, height):
    """A PNG whose header claims ``width`` x ``height`` (what a decompression bomb looks like)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )
    return path


def test_an_absurdly_large_picture_is_refused_by_name_before_decoding(tmp_path):
    path = png_header_only(tmp_path / "bomb.png", 30000, 30000)
    with pytest.raises(InputError) as raised:
        decode_image(path, longest=2048)
    message = str(raised.value)
    assert "bomb.png" in message and "too large" in message and "30000×30000" in message


def test_a_file_that_is_no_picture_is_named(tmp_path):
    path = tmp_path / "holiday.jpg"
    path.write_bytes(b"this is a text file with a picture's name")
    with pytest.raises(InputError, match=r"holiday\.jpg: not an image file"):
        open_picture(path)


def test_a_truncated_jpeg_is_named_as_damaged(tmp_path):
    whole = tmp_path / "whole.jpg"
    PILImage.effect_noise((400, 300), 60).convert("RGB").save(whole, quality=90)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(InputError, match=r"cut\.jpg: the picture is damaged or incomplete"):
        open_picture(cut)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match=r"gone\.png: no such file"):
        open_picture(tmp_path / "gone.png")


def test_a_16_bit_grey_png_keeps_its_tones(tmp_path):
    ramp = np.linspace(0, 65535, 256).astype(np.uint16)[None, :].repeat(4, axis=0)
    PILImage.fromarray(ramp).save(tmp_path / "scan.png")
    image = read_image(tmp_path / "scan.png")
    np.testing.assert_array_equal(image.pixels[0, :, 1], (ramp[0] >> 8).astype(np.uint8))
