"""Reading and writing audio files with libsndfile; every failure is an AudioFileError."""

from __future__ import annotations

import os
import re
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from studio.api.clip import AudioClip
from studio.api.files import file_problem

from .errors import AudioFileError
from .wav_header import WavHeaderError, is_wav, parse_wav_header

MAX_CHANNELS = 32
MAX_SECONDS = 4 * 3600

# The write format follows the file extension; the temp file written first has another name.
_FORMATS = {
    ".wav": "WAV",
    ".flac": "FLAC",
    ".ogg": "OGG",
    ".mp3": "MP3",
    ".aif": "AIFF",
    ".aiff": "AIFF",
}
# 16-bit WAV is what every other program opens; FLAC is lossless anyway, so keep 24 bits.
_DEFAULT_SUBTYPES = {"WAV": "PCM_16", "FLAC": "PCM_24"}
# libsndfile's MP3 tags garble anything but ASCII, so comments are only kept where they survive.
_COMMENT_FORMATS = {"WAV", "FLAC", "OGG", "AIFF"}

# libsndfile quietly shortens a cut-off WAV/AIFF/OGG to the frames present; only its header
# log says so, e.g. "data : 192000 (should be 95978)" or an Ogg stream without its last page.
_SHORT_CHUNK = re.compile(r"^\s*(?:data|SSND)\s*:\s*(\d+)\s*\(should be (\d+)\)", re.MULTILINE)
_UNKNOWN_LENGTH = 0xFFFFFFFF  # streaming writers leave this in the size field; not a truncation
_OGG_CUT = "lacks an end-of-stream bit"
# How the formats libsndfile reads begin (WAV and its 64-bit kin, FLAC, Ogg, AIFF, AU, CAF,
# Sony Wave64, NIST SPHERE, VOC, IRCAM); MP3 is recognised by its frame sync instead.
_MAGIC = (
    b"RIFF", b"RIFX", b"RF64", b"BW64", b"fLaC", b"OggS", b"FORM", b".snd", b"dns.",
    b"caff", b"riff", b"NIST", b"Creative Voice", b"\x64\xa3", b"\x00\x00\xa3\x64",
)  # fmt: skip
_STDERR_LOCK = threading.RLock()
_NOT_REGULAR = "is not a regular file"
# libsndfile's sf_open error codes that have a plainer explanation than its own message.
_OPEN_FAILURES = {
    1: "not an audio file, or a kind this app cannot read",  # SF_ERR_UNRECOGNISED_FORMAT
    3: "file is damaged or truncated",  # SF_ERR_MALFORMED_FILE
}


@dataclass(frozen=True)
class AudioInfo:
    rate: int
    channels: int
    frames: int
    format: str
    subtype: str

    @property
    def duration(self) -> float:
        return self.frames / self.rate


def audio_info(path: str | os.PathLike[str]) -> AudioInfo:
    """Header facts about a file, after every check that does not need decoding the audio."""
    with open_audio(path) as f:
        return AudioInfo(f.samplerate, f.channels, f.frames, f.format, f.subtype)


def read_audio(path: str | os.PathLike[str]) -> AudioClip:
    """The whole file as float32 ``[channels, frames]``; a damaged or cut-off file is an error."""
    with open_audio(path) as f:
        data = f.read(dtype="float32", always_2d=True)
        # MP3 headers only estimate the length, so a shortfall there is not evidence of damage.
        if f.format != "MP3" and len(data) < f.frames:
            raise AudioFileError(
                path, f"file is truncated: {len(data)} of {f.frames} frames could be decoded"
            )
        refuse_non_finite(path, data)
        return AudioClip(np.ascontiguousarray(data.T), f.samplerate, str(path))


def refuse_non_finite(path: str | os.PathLike[str], samples: np.ndarray) -> None:
    """Only float files can hold NaN or infinite samples, and nothing downstream copes with
    them (a mix, a waveform, a model): such a file is refused before numpy warns about it."""
    if not np.isfinite(samples).all():
        bad = "infinite" if not np.isnan(samples).any() else "NaN (not-a-number)"
        raise AudioFileError(path, f"the audio holds {bad} samples, which no sound can have")


def read_comment(path: str | os.PathLike[str]) -> str | None:
    """The comment stored in the file's metadata, or None when it has none."""
    with open_audio(path) as f:
        return f.comment or None


def write_audio(
    path: str | os.PathLike[str],
    clip: AudioClip,
    format: str | None = None,
    subtype: str | None = None,
    comment: str | None = None,
) -> None:
    """Write ``clip`` atomically: readers see the old file or the complete new one, never half.

    ``format`` defaults from the extension (.wav .flac .ogg .mp3 .aif/.aiff); ``subtype`` defaults
    to PCM_16 for WAV, PCM_24 for FLAC, otherwise libsndfile's default (e.g. FLOAT is allowed for
    WAV). Samples beyond [-1, 1] are clipped by integer subtypes. ``comment`` goes in the file's
    metadata (WAV/AIFF INFO chunk, FLAC/Ogg Vorbis comment); MP3 cannot take one.
    """
    target = Path(path)
    format = (format or _FORMATS.get(target.suffix.lower(), "")).upper()
    if format not in _FORMATS.values():
        raise AudioFileError(
            target, f"cannot write this file type; use one of {' '.join(sorted(_FORMATS))}"
        )
    subtype = (subtype or _DEFAULT_SUBTYPES.get(format) or sf.default_subtype(format)).upper()
    if not sf.check_format(format, subtype):
        raise AudioFileError(target, f"{format} files cannot store {subtype} samples")
    if comment and format not in _COMMENT_FORMATS:
        raise AudioFileError(target, f"{format} files cannot carry a comment here")
    if not target.parent.is_dir():
        raise AudioFileError(target, "the folder does not exist")
    # Same folder, so os.replace is an atomic rename; libsndfile creates it with umask permissions.
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with sf.SoundFile(tmp, "w", clip.rate, clip.channels, subtype, format=format) as f:
            # FLAC and Ogg keep tags ahead of the audio, so the comment must go in before it.
            if comment:
                f.comment = comment
            f.write(clip.samples.T)
        os.replace(tmp, target)
    except (OSError, sf.SoundFileError) as exc:
        tmp.unlink(missing_ok=True)
        raise AudioFileError(target, f"could not write the file: {_reason(exc)}") from exc


@contextmanager
def open_audio(path: str | os.PathLike[str]) -> Iterator[sf.SoundFile]:
    """Open for reading with the header vetted; libsndfile errors inside become AudioFileError,
    and a file that changed while the block read it is refused when the block ends."""
    path = Path(path)
    problem = file_problem(path)
    if problem:
        raise AudioFileError(path, problem)
    before = os.stat(path)
    if before.st_size == 0:
        raise AudioFileError(path, "file is empty (0 bytes)")
    try:
        mpeg = _check_start(path, before.st_size)
        with _quiet_decoder(mpeg):
            # Bytes, not text: libsndfile cannot take a name in another encoding as str.
            f = sf.SoundFile(os.fsencode(path))
    except (OSError, sf.SoundFileError) as exc:
        reason = _OPEN_FAILURES.get(getattr(exc, "code", None), f"cannot open it ({_reason(exc)})")
        if _NOT_REGULAR in str(exc):  # said of any bytes its MP3 decoder gave up on; the file
            reason = _OPEN_FAILURES[1]  # was checked to be a readable regular file above
        raise AudioFileError(path, reason) from exc
    with f, _quiet_decoder(mpeg):
        _check_header(path, f)
        try:
            yield f
        except sf.SoundFileError as exc:
            raise AudioFileError(
                path, f"audio data is damaged or truncated ({_reason(exc)})"
            ) from exc
    _check_unchanged(path, before)


def _check_start(path: Path, size: int) -> bool:
    """Refuse a file that starts like no sound, or a WAV whose header lies; True for MP3."""
    with path.open("rb") as stream:
        head = stream.read(16)
        if not head.startswith(_MAGIC) and not _mpeg_start(head):
            # libsndfile would hunt through the bytes for an MP3 frame, and mpg123 prints its
            # doubts straight to the terminal; a file that starts like no sound is refused here.
            raise AudioFileError(path, _OPEN_FAILURES[1])
        if not is_wav(head):
            return not head.startswith(_MAGIC)
        stream.seek(0)
        try:
            parse_wav_header(stream, size)
        except WavHeaderError as error:
            raise AudioFileError(path, str(error)) from None
        return False


@contextmanager
def _quiet_decoder(mpeg: bool) -> Iterator[None]:
    """libmpg123 writes its notes on damaged frames straight to the terminal (file descriptor
    2), where no Python code can catch them; the one-line error says what matters. Debug runs
    (PERSONA_STUDIO_DEBUG, set by ``--debug``) keep them."""
    if not mpeg or os.environ.get("PERSONA_STUDIO_DEBUG"):
        yield
        return
    with _STDERR_LOCK:
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            with open(os.devnull, "wb") as null:
                os.dup2(null.fileno(), 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _mpeg_start(head: bytes) -> bool:
    """An MP3 starts with an ID3 tag or an MPEG audio frame's 11-bit sync word."""
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] >> 5 == 7)


def _check_unchanged(path: Path, before: os.stat_result) -> None:
    """A file rewritten while it was read may be half old, half new: not to be trusted."""
    try:
        after = os.stat(path)
    except OSError:
        raise AudioFileError(path, "the file was removed while it was being read") from None
    if (after.st_size, after.st_mtime_ns, after.st_ino) != (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    ):
        raise AudioFileError(path, "the file changed while it was being read; try again")


def _check_header(path: Path, f: sf.SoundFile) -> None:
    """Reject from the header alone, so an absurd file is never loaded into memory."""
    if f.channels > MAX_CHANNELS:
        raise AudioFileError(
            path, f"has {f.channels} channels; at most {MAX_CHANNELS} are supported"
        )
    if f.frames > MAX_SECONDS * f.samplerate:
        raise AudioFileError(
            path,
            f"is {f.frames / f.samplerate / 3600:.1f} hours long; at most 4 hours are supported",
        )
    for claimed, present in _SHORT_CHUNK.findall(f.extra_info):
        if int(claimed) > int(present) and int(claimed) != _UNKNOWN_LENGTH:
            raise AudioFileError(
                path, f"file is truncated: {present} of {claimed} bytes of audio data are present"
            )
    if _OGG_CUT in f.extra_info:
        raise AudioFileError(path, "file is truncated: the Ogg stream has no final page")
    if f.frames == 0:
        raise AudioFileError(path, "contains no audio (0 frames)")


def _reason(exc: OSError | sf.SoundFileError) -> str:
    if isinstance(exc, sf.LibsndfileError):
        return exc.error_string.removeprefix("Error : ").rstrip(".")
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)
