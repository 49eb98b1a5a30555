"""Vetting a WAV file's header before libsndfile decodes it.

libsndfile is forgiving: it reads a file whose header declares 0-bit or 40-bit samples, or
whose block size and byte rate contradict its channel count, as *some* audio, and the app
then makes a face of noise. This parser walks the RIFF chunks up to the audio data and says,
in one :class:`WavHeaderError`, what cannot be trusted. It reads only the header (a few
hundred bytes), so it is cheap enough to run on every open and to fuzz.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

MAX_CHANNELS = 32
MIN_RATE = 1  # 0 Hz is impossible; slow rates are odd but the length limit deals with them
MAX_RATE = 768_000
UNKNOWN_SIZE = 0xFFFFFFFF  # what streaming writers (and RF64) leave in a 32-bit size field

PCM, FLOAT, ALAW, MULAW, EXTENSIBLE = 0x0001, 0x0003, 0x0006, 0x0007, 0xFFFE
# Sample widths (bits) that each uncompressed encoding can hold.
_WIDTHS = {PCM: range(1, 33), FLOAT: (32, 64), ALAW: (8,), MULAW: (8,)}
_NAMES = {PCM: "integer PCM", FLOAT: "floating-point", ALAW: "A-law", MULAW: "µ-law"}
_RIFF_FORMS = (b"RIFF", b"RIFX", b"RF64", b"BW64")
_MAX_CHUNKS = 1000  # a header of more chunks than this before the audio is not a real file


class WavHeaderError(ValueError):
    """The header cannot be trusted; ``str()`` is the reason, worded for the user."""


@dataclass(frozen=True)
class WavHeader:
    format_tag: int  # the encoding (WAVE_FORMAT_EXTENSIBLE resolved to its sub-format)
    channels: int
    rate: int
    bits: int
    block_align: int
    byte_rate: int
    data_offset: int
    data_size: int | None  # None: unknown (a streaming writer's placeholder)


def is_wav(head: bytes) -> bool:
    return len(head) >= 12 and head[:4] in _RIFF_FORMS and head[8:12] == b"WAVE"


def parse_wav_header(stream: BinaryIO, size: int) -> WavHeader:
    """The facts of a RIFF/WAVE header read from ``stream`` (``size`` bytes long in all).

    Raises :class:`WavHeaderError` for anything a well-formed file cannot hold; never any
    other exception, whatever the bytes.
    """
    head = stream.read(12)
    if not is_wav(head):
        raise WavHeaderError("not a WAV file (no RIFF/WAVE header)")
    if head[:4] == b"RIFX":
        raise WavHeaderError("big-endian (RIFX) WAV files are not supported")
    rf64 = head[:4] != b"RIFF"
    fmt: tuple[int, ...] | None = None
    ds64_data: int | None = None
    offset = 12
    for _ in range(_MAX_CHUNKS):
        chunk = stream.read(8)
        if len(chunk) < 8:
            raise WavHeaderError("has no audio data (the file ends before its data chunk)")
        name, length = chunk[:4], int.from_bytes(chunk[4:], "little")
        body = offset + 8
        if name == b"data":
            if fmt is None:
                raise WavHeaderError("has no format chunk before its audio data")
            declared = ds64_data if rf64 and length == UNKNOWN_SIZE else length
            return _checked(fmt, body, declared, size)
        if length > size - body:
            raise WavHeaderError(
                f"is damaged: its '{_shown(name)}' chunk claims {length} bytes, but the file "
                f"ends {max(size - body, 0)} bytes later"
            )
        if name == b"fmt ":
            if fmt is not None:
                raise WavHeaderError("has two format chunks that may disagree")
            fmt = _format(stream.read(length), length)
        elif name == b"ds64" and rf64:
            ds64 = stream.read(length)
            if len(ds64) < 24:
                raise WavHeaderError("is damaged: its RF64 size chunk is too short")
            ds64_data = int.from_bytes(ds64[16:24], "little")
        offset = body + length + (length & 1)  # chunks are padded to an even length
        stream.seek(offset)
    raise WavHeaderError(f"has more than {_MAX_CHUNKS} chunks before its audio data")


def _format(body: bytes, length: int) -> tuple[int, ...]:
    if length < 16 or len(body) < 16:
        raise WavHeaderError(f"is damaged: its format chunk is {length} bytes, at least 16 needed")
    tag, channels, rate, byte_rate, block_align, bits = struct.unpack_from("<HHIIHH", body)
    valid_bits = bits
    if tag == EXTENSIBLE:
        if len(body) < 40:
            raise WavHeaderError("is damaged: its extensible format chunk is too short")
        valid_bits = struct.unpack_from("<H", body, 18)[0] or bits
        tag = struct.unpack_from("<H", body, 24)[0]  # the sub-format GUID starts with the tag
    return tag, channels, rate, byte_rate, block_align, bits, valid_bits


def _checked(fmt: tuple[int, ...], data_offset: int, declared: int | None, size: int) -> WavHeader:
    tag, channels, rate, byte_rate, block_align, bits, valid_bits = fmt
    if channels == 0:
        raise WavHeaderError("the header declares 0 channels")
    if channels > MAX_CHANNELS:
        raise WavHeaderError(
            f"the header declares {channels} channels; at most {MAX_CHANNELS} are supported"
        )
    if not MIN_RATE <= rate <= MAX_RATE:
        raise WavHeaderError(f"the header declares an impossible sample rate of {rate} Hz")
    if tag in _WIDTHS:
        if bits not in _WIDTHS[tag] or not 0 < valid_bits <= bits:
            raise WavHeaderError(
                f"the header declares an impossible sample width: {bits}-bit {_NAMES[tag]} samples"
            )
        frame = channels * ((bits + 7) // 8)
        if block_align != frame:
            raise WavHeaderError(
                f"the header contradicts itself: {channels} channel(s) of {bits}-bit samples "
                f"make {frame}-byte frames, but it declares {block_align}"
            )
        if byte_rate != rate * frame:
            raise WavHeaderError(
                f"the header contradicts itself: {rate} Hz of {frame}-byte frames is "
                f"{rate * frame} bytes a second, but it declares {byte_rate}"
            )
    elif block_align == 0:
        raise WavHeaderError("the header declares 0-byte blocks of audio")
    present = size - data_offset
    if declared in (None, UNKNOWN_SIZE) or (declared == 0 and present > 0):
        declared = None  # a streaming writer never came back to fill the size in
    elif declared > present:
        raise WavHeaderError(
            f"file is truncated: {present} of {declared} bytes of audio data are present"
        )
    elif tag in _WIDTHS and declared % block_align:
        raise WavHeaderError(
            f"the header contradicts the data: {declared} bytes of audio are not a whole "
            f"number of {block_align}-byte frames"
        )
    return WavHeader(tag, channels, rate, bits, block_align, byte_rate, data_offset, declared)


def _shown(name: bytes) -> str:
    """A chunk name as printable text: any byte may be in one, a line break included."""
    return "".join(chr(b) if 32 <= b < 127 else f"\\x{b:02x}" for b in name)
