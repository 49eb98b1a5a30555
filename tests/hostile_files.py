"""Odd and hostile files, written byte by byte by the tests (nothing downloaded or committed).

Each maker takes a folder and returns the path it wrote. WAV headers are packed by hand so a
field can lie; projects are written by the app and then edited as a user's tools might.
"""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
from pathlib import Path

import numpy as np
import soundfile as sf
from PIL import Image as PILImage
from PIL.PngImagePlugin import PngInfo

RATE = 16000


def tone(seconds: float = 0.25, rate: int = RATE) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (0.5 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


# -- WAV headers that lie -------------------------------------------------------------------


def chunk(name: bytes, body: bytes, length: int | None = None) -> bytes:
    size = len(body) if length is None else length
    return name + struct.pack("<I", size) + body + (b"\0" if len(body) % 2 else b"")


def fmt_body(
    tag: int = 1,
    channels: int = 1,
    rate: int = RATE,
    bits: int = 16,
    block_align: int | None = None,
    byte_rate: int | None = None,
) -> bytes:
    # Computed fields wrap as a careless writer's would, so any declared values can be packed.
    block_align = channels * ((bits + 7) // 8) & 0xFFFF if block_align is None else block_align
    byte_rate = rate * block_align & 0xFFFFFFFF if byte_rate is None else byte_rate
    return struct.pack("<HHIIHH", tag, channels, rate, byte_rate, block_align, bits)


def wav_bytes(
    fmt: bytes | None = None,
    data: bytes | None = None,
    data_length: int | None = None,
    before: bytes = b"",
    after: bytes = b"",
    form: bytes = b"RIFF",
) -> bytes:
    fmt = fmt_body() if fmt is None else fmt
    data = (tone() * 32767).astype("<i2").tobytes() if data is None else data
    body = b"WAVE" + before + (chunk(b"fmt ", fmt) if fmt else b"")
    body += chunk(b"data", data, data_length) + after
    return form + struct.pack("<I", len(body)) + body


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def float_wav(folder: Path, name: str, samples: np.ndarray, subtype: str = "FLOAT") -> Path:
    path = folder / name
    sf.write(path, samples, RATE, subtype=subtype)
    return path


def cut(path: Path, fraction: float) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def sound_file(folder: Path, name: str, **options) -> Path:
    path = folder / name
    sf.write(path, np.stack([tone(), tone()], axis=1), RATE, **options)
    return path


# -- pictures ---------------------------------------------------------------------------------


def picture(folder: Path, name: str, mode: str = "RGB", size=(48, 32), **save) -> Path:
    path = folder / name
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 255, (size[1], size[0], 3), np.uint8)
    image = PILImage.fromarray(pixels, "RGB")
    if mode == "I;16":
        image = PILImage.fromarray(pixels[..., 0].astype(np.uint16) * 257)
    elif mode != "RGB":
        image = image.convert(mode)
    image.save(path, **save)
    return path


def animated_gif(folder: Path) -> Path:
    path = folder / "blink.gif"
    frames = [PILImage.new("RGB", (40, 30), color) for color in ("red", "blue", "green")]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return path


def png_bomb(folder: Path) -> Path:
    """A PNG declaring 40000x40000 pixels (1.6 gigapixels) in a few hundred bytes."""
    import zlib

    def png_chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 40000, 40000, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * 40001 * 16)  # a few rows are enough to claim the rest
    data = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", rows)
    return write(folder, "bomb.png", data + png_chunk(b"IEND", b""))


def png_with_text(folder: Path, name: str, text: dict[str, str]) -> Path:
    path = folder / name
    info = PngInfo()
    for key, value in text.items():
        info.add_text(key, value)
    PILImage.new("RGB", (8, 8)).save(path, pnginfo=info)
    return path


# -- zip archives -----------------------------------------------------------------------------

BOMB_BYTES = 80 << 20  # above the guard's floor, and deflates 1000-fold


def zip_bytes(members: dict[str, bytes], deflate: bool = False) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_bomb(members: dict[str, bytes], name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as bomb:
            block = bytes(1 << 20)
            for _ in range(BOMB_BYTES >> 20):
                bomb.write(block)
    return buffer.getvalue()


# -- projects ---------------------------------------------------------------------------------


def good_project(folder: Path, name: str = "good.persona") -> Path:
    from studio.api import AudioClip
    from studio.project import ProjectFile, SavedSegment, SavedTrack, write_project

    clip = AudioClip(np.stack([tone(0.1)]), RATE)
    project = ProjectFile(
        sources={"a1": clip},
        tracks=[SavedTrack(1, "voice", RATE, 1, (SavedSegment("a1", 0, clip.frames),))],
    )
    path = folder / name
    write_project(path, project)
    return path


def project_members(folder: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(good_project(folder, ".base.persona")) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def edited_project(folder: Path, name: str, edit=None, members=None) -> Path:
    """The good project with its manifest passed through ``edit`` (which may return the new
    manifest text or change it in place) and its members through ``members``."""
    stored = project_members(folder)
    manifest = json.loads(stored["manifest.json"])
    if edit is not None:
        changed = edit(manifest)
        text = changed if isinstance(changed, (str, bytes)) else json.dumps(manifest)
        stored["manifest.json"] = text.encode() if isinstance(text, str) else text
    if members is not None:
        members(stored)
    return write(folder, name, zip_bytes(stored))


# -- checkpoints and latents ------------------------------------------------------------------


def checkpoint(folder: Path, name: str = "weights.pth") -> Path:
    import torch

    path = folder / name
    torch.save({"layer.weight": torch.ones(2, 3), "layer.bias": torch.zeros(2)}, path)
    return path


def pickled_code(folder: Path) -> Path:
    """A pickle that would run ``os.system('true')`` if loaded unsafely."""
    payload = b"\x80\x02cposix\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03."
    return write(folder, "evil.pth", payload)


def checkpoint_bomb(folder: Path) -> Path:
    with zipfile.ZipFile(checkpoint(folder, ".base.pth")) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    top = next(iter(members)).split("/")[0]
    return write(folder, "bomb.pth", with_bomb(members, f"{top}/data/99"))


def latent(folder: Path, name: str, **arrays) -> Path:
    path = folder / name
    np.savez(path, **arrays)
    return path


def object_latent(folder: Path) -> Path:
    path = folder / "objects.npz"
    np.savez(path, z=np.array([{"a": 1}, None], dtype=object))
    return path


# -- file-system oddities ---------------------------------------------------------------------


def missing(folder: Path, suffix: str) -> Path:
    return folder / f"missing{suffix}"


def directory(folder: Path, suffix: str) -> Path:
    path = folder / f"folder{suffix}"
    path.mkdir()
    return path


def fifo(folder: Path, suffix: str) -> Path:
    path = folder / f"pipe{suffix}"
    os.mkfifo(path)
    return path


def device(folder: Path, suffix: str) -> Path:
    return Path("/dev/null")


def symlink_loop(folder: Path, suffix: str) -> Path:
    one, two = folder / f"loop-a{suffix}", folder / f"loop-b{suffix}"
    one.symlink_to(two)
    two.symlink_to(one)
    return one


def dangling(folder: Path, suffix: str) -> Path:
    path = folder / f"dangling{suffix}"
    path.symlink_to(folder / "gone")
    return path


def unreadable(folder: Path, suffix: str) -> Path:
    path = folder / f"locked{suffix}"
    path.write_bytes(b"secret")
    path.chmod(0)
    return path


def foreign_name(folder: Path, good: Path) -> Path:
    """``good``'s bytes under a Latin-1 name, which is not valid UTF-8."""
    name = os.fsdecode(b"voix-\xe9" + good.suffix.encode())
    path = folder / name
    path.write_bytes(good.read_bytes())
    return path


def wav_with_comment(folder: Path, name: str, comment: str) -> Path:
    path = folder / name
    with sf.SoundFile(path, "w", RATE, 1, "PCM_16") as f:
        f.comment = comment
        f.write(tone())
    return path
