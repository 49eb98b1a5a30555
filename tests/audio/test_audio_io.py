"""Reading, writing and vetting audio files."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from studio.api.errors import InputError
from studio.audio import (
    AudioClip,
    AudioFileError,
    audio_info,
    read_audio,
    read_comment,
    write_audio,
)

LOSSLESS = [
    # (file name, subtype, largest sample error a user can expect)
    ("u8.wav", "PCM_U8", 2 / 128),
    ("s16.wav", "PCM_16", 2 / 32768),
    ("s24.wav", "PCM_24", 2 / 2**23),
    ("s32.wav", "PCM_32", 2 / 2**23),  # float32 mantissa, not 32 bits, limits this one
    ("float.wav", "FLOAT", 0.0),
    ("s16.flac", "PCM_16", 2 / 32768),
    ("s24.flac", "PCM_24", 2 / 2**23),
    ("s16.aiff", "PCM_16", 2 / 32768),
    ("float.aif", "FLOAT", 0.0),
]


@pytest.mark.parametrize(("name", "subtype", "tolerance"), LOSSLESS)
@pytest.mark.parametrize(("rate", "channels"), [(8000, 1), (22050, 2), (48000, 2), (44100, 6)])
def test_lossless_round_trip(tmp_path, clip_factory, name, subtype, tolerance, rate, channels):
    clip = clip_factory(rate=rate, channels=channels)
    path = tmp_path / name
    write_audio(path, clip, subtype=subtype)

    back = read_audio(path)

    assert sf.info(str(path)).subtype == subtype
    assert (back.rate, back.channels, back.frames) == (rate, channels, clip.frames)
    assert back.samples.dtype == np.float32
    assert back.source == str(path)
    np.testing.assert_allclose(back.samples, clip.samples, rtol=0, atol=tolerance)


@pytest.mark.parametrize(("name", "format"), [("voice.ogg", "OGG"), ("voice.mp3", "MP3")])
def test_lossy_round_trip_keeps_length_and_pitch(tmp_path, dominant_frequency, name, format):
    t = np.arange(48000) / 48000
    clip = AudioClip(np.stack([0.5 * np.sin(2 * np.pi * 440 * t)] * 2), 48000)
    write_audio(tmp_path / name, clip)

    back = read_audio(tmp_path / name)

    assert audio_info(tmp_path / name).format == format
    assert (back.rate, back.channels) == (48000, 2)
    assert abs(back.frames - clip.frames) <= 1152  # at most one MP3 frame of encoder padding
    assert dominant_frequency(back) == pytest.approx(440, abs=2)
    assert np.sqrt(np.mean(back.samples**2)) == pytest.approx(0.5 / np.sqrt(2), rel=0.1)


def test_reads_files_written_by_other_programs(tmp_path):
    """Files not made by write_audio: 8-bit unsigned WAV and a 3-channel 11025 Hz FLAC."""
    u8 = np.array([[0, 128, 255, 64]], dtype=np.uint8).T
    sf.write(tmp_path / "old.wav", u8.astype(np.float32) / 128 - 1, 8000, subtype="PCM_U8")
    sf.write(tmp_path / "odd.flac", np.zeros((100, 3)), 11025)

    np.testing.assert_allclose(
        read_audio(tmp_path / "old.wav").samples[0], [-1, 0, 127 / 128, -0.5]
    )
    assert read_audio(tmp_path / "odd.flac").samples.shape == (3, 100)


def test_default_subtypes(tmp_path, clip_factory):
    write_audio(tmp_path / "a.wav", clip_factory())
    write_audio(tmp_path / "a.flac", clip_factory())

    assert audio_info(tmp_path / "a.wav").subtype == "PCM_16"
    assert audio_info(tmp_path / "a.flac").subtype == "PCM_24"


def test_integer_formats_clip_overs_instead_of_wrapping(tmp_path):
    write_audio(tmp_path / "loud.wav", AudioClip(np.array([[1.5, -1.5, 0.5]]), 8000))

    samples = read_audio(tmp_path / "loud.wav").samples[0]

    assert samples[0] > 0.999 and samples[1] == -1.0 and samples[2] == pytest.approx(0.5, abs=1e-4)


def test_audio_info(tmp_path, clip_factory):
    write_audio(tmp_path / "info.flac", clip_factory(rate=48000, channels=2, seconds=1.5))

    info = audio_info(tmp_path / "info.flac")

    assert (info.rate, info.channels, info.frames, info.format) == (48000, 2, 72000, "FLAC")
    assert info.duration == pytest.approx(1.5)


@pytest.mark.parametrize("name", ["c.wav", "c.flac", "c.ogg", "c.aiff"])
def test_comment_round_trip(tmp_path, clip_factory, name):
    comment = "voice: Zoë — 3 takes, cleaned\nsecond line"
    write_audio(tmp_path / name, clip_factory(), comment=comment)

    assert read_comment(tmp_path / name) == comment
    assert read_audio(tmp_path / name).frames == clip_factory().frames


def test_mp3_refuses_a_comment_it_would_garble(tmp_path, clip_factory):
    with pytest.raises(AudioFileError, match="c.mp3: MP3 files cannot carry a comment"):
        write_audio(tmp_path / "c.mp3", clip_factory(), comment="Zoë")

    assert not (tmp_path / "c.mp3").exists()


def test_no_comment_reads_as_none(tmp_path, clip_factory):
    write_audio(tmp_path / "plain.wav", clip_factory())

    assert read_comment(tmp_path / "plain.wav") is None


def test_write_replaces_atomically_and_leaves_no_temp_files(tmp_path, clip_factory):
    path = tmp_path / "take.wav"
    write_audio(path, clip_factory(seconds=1.0))
    write_audio(path, clip_factory(seconds=0.25))

    assert read_audio(path).frames == 4000
    assert os.listdir(tmp_path) == ["take.wav"]


def test_failed_write_keeps_the_old_file(tmp_path, clip_factory):
    path = tmp_path / "take.flac"
    write_audio(path, clip_factory())
    before = path.read_bytes()

    with pytest.raises(AudioFileError, match="take.flac.*FLOAT"):
        write_audio(path, clip_factory(), subtype="FLOAT")

    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["take.flac"]


@pytest.mark.parametrize(
    ("relative", "reason"),
    [
        ("take.xyz", "cannot write this file type"),
        ("no/such/folder/take.wav", "folder does not exist"),
    ],
)
def test_write_errors_name_the_file(tmp_path, clip_factory, relative, reason):
    with pytest.raises(AudioFileError, match=reason) as error:
        write_audio(tmp_path / relative, clip_factory())

    assert "take." in str(error.value)


# --- files a user may hand us that cannot be used -------------------------------------------


def _tone_file(path: Path, **write_args) -> Path:
    t = np.arange(48000) / 48000
    sf.write(path, np.stack([np.sin(2 * np.pi * 300 * t)] * 2, axis=1) * 0.3, 48000, **write_args)
    return path


def _cut(path: Path, fraction: float) -> Path:
    data = path.read_bytes()
    cut = path.with_name(f"cut_{path.name}")
    cut.write_bytes(data[: int(len(data) * fraction)])
    return cut


def missing(tmp_path: Path) -> Path:
    return tmp_path / "missing.wav"


def folder(tmp_path: Path) -> Path:
    (tmp_path / "folder.wav").mkdir()
    return tmp_path / "folder.wav"


def empty(tmp_path: Path) -> Path:
    (tmp_path / "empty.wav").touch()
    return tmp_path / "empty.wav"


def text(tmp_path: Path) -> Path:
    (tmp_path / "notes.wav").write_text("these are my notes, not a recording\n" * 20)
    return tmp_path / "notes.wav"


def no_frames(tmp_path: Path) -> Path:
    sf.write(tmp_path / "nothing.wav", np.zeros((0, 1)), 16000)
    return tmp_path / "nothing.wav"


def too_many_channels(tmp_path: Path) -> Path:
    sf.write(tmp_path / "array.wav", np.zeros((10, 33)), 16000)
    return tmp_path / "array.wav"


def too_long(tmp_path: Path) -> Path:
    # At 1 Hz, four hours and a second is 14401 frames: a tiny file with an absurd duration.
    sf.write(tmp_path / "endless.wav", np.zeros(4 * 3600 + 1), 1)
    return tmp_path / "endless.wav"


def cut_wav(tmp_path: Path, fraction: float) -> Path:
    return _cut(_tone_file(tmp_path / "take.wav"), fraction)


def cut_flac(tmp_path: Path, fraction: float) -> Path:
    return _cut(_tone_file(tmp_path / "take.flac"), fraction)


def cut_aiff(tmp_path: Path, fraction: float) -> Path:
    return _cut(_tone_file(tmp_path / "take.aiff"), fraction)


def cut_ogg(tmp_path: Path, fraction: float) -> Path:
    return _cut(_tone_file(tmp_path / "take.ogg"), fraction)


BAD_FILES = [missing, folder, empty, text, no_frames, too_many_channels, too_long]
CUT_FILES = [cut_wav, cut_flac, cut_aiff, cut_ogg]
READERS = [read_audio, audio_info, read_comment]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("make", BAD_FILES)
def test_bad_files_raise_audio_file_error_naming_the_file(tmp_path, make, reader):
    path = make(tmp_path)

    with pytest.raises(AudioFileError) as error:
        reader(path)

    assert isinstance(error.value, InputError)
    assert str(error.value).startswith(f"{path}: ")
    assert path.name in str(error.value)


@pytest.mark.parametrize("fraction", [0.03, 0.5, 0.9, 0.999])
@pytest.mark.parametrize("make", CUT_FILES)
def test_truncated_files_are_reported_not_half_read(tmp_path, make, fraction):
    path = make(tmp_path, fraction)

    with pytest.raises(AudioFileError) as error:
        read_audio(path)

    assert path.name in str(error.value)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (missing, "no such file"),
        (folder, "folder"),
        (empty, "empty"),
        (text, "not an audio file"),
        (no_frames, "no audio"),
        (too_many_channels, "33 channels"),
        (too_long, "4.0 hours"),
        (lambda tmp_path: cut_wav(tmp_path, 0.5), "truncated"),
        (lambda tmp_path: cut_flac(tmp_path, 0.5), "truncated"),
        (lambda tmp_path: cut_ogg(tmp_path, 0.5), "truncated"),
    ],
)
def test_reasons_are_human(tmp_path, make, reason):
    with pytest.raises(AudioFileError, match=reason):
        read_audio(make(tmp_path))


@pytest.mark.parametrize("make", [too_many_channels, too_long])
def test_absurd_files_are_rejected_before_samples_are_read(tmp_path, monkeypatch, make):
    path = make(tmp_path)

    def no_reading(*args, **kwargs):
        raise AssertionError("samples were read")

    monkeypatch.setattr(sf.SoundFile, "read", no_reading)
    with pytest.raises(AudioFileError):
        read_audio(path)


def test_streamed_wav_with_unknown_length_still_reads(tmp_path):
    """Recorders that stream WAV write 0xFFFFFFFF as the data size; that is not a truncation."""
    path = _tone_file(tmp_path / "stream.wav")
    data = bytearray(path.read_bytes())
    at = data.find(b"data")
    data[at + 4 : at + 8] = b"\xff\xff\xff\xff"
    path.write_bytes(bytes(data))

    assert read_audio(path).frames == 48000
