"""The espeak-ng voice list, its training / held-out split, and the real-speech set on disk."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import soundfile

from studio.audio.io import write_audio
from studio.demodata import draw_speakers, utterance
from studio.demodata import espeak_voices as ev

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"
)


def test_at_least_40_distinct_settings_split_into_two_groups_of_20_that_share_no_variant():
    assert len({v.key for v in ev.VOICES}) == len(ev.VOICES) >= 40
    assert len(ev.TRAINING) >= 20 and len(ev.HELD_OUT) >= 20
    assert set(ev.TRAINING) | set(ev.HELD_OUT) == set(ev.VOICES)
    assert not {v.variant for v in ev.TRAINING} & {v.variant for v in ev.HELD_OUT}
    for group in (ev.TRAINING, ev.HELD_OUT):
        assert len({v.language for v in group}) == len(ev.SENTENCES)
        assert min(v.pitch for v in group) <= 10 and max(v.pitch for v in group) >= 90
    assert all(0 <= v.pitch <= 99 and len(v.sentences) == 3 for v in ev.VOICES)
    assert [ev.voice_id(v) for v in ev.VOICES[:2]] == ["esp000", "esp001"]


def test_without_espeak_ng_the_error_says_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setattr(ev.shutil, "which", lambda name: None)

    with pytest.raises(ev.EspeakUnavailable, match="espeak-ng is not installed.*apt-get"):
        ev.render(ev.HELD_OUT[0], "hello")
    with pytest.raises(ev.EspeakUnavailable, match="--espeak"):
        ev.build_real_speech_set(tmp_path / "set", voices=ev.HELD_OUT[:1])
    # A set of recordings alone needs no espeak-ng.
    _recordings(tmp_path / "rec")
    manifest = ev.build_real_speech_set(tmp_path / "set", voices=(), recordings=tmp_path / "rec")
    assert manifest.is_file()


@needs_espeak
def test_a_rendered_voice_is_16_khz_mono_float32_speech():
    clip = ev.render(ev.HELD_OUT[0], ev.HELD_OUT[0].sentences[1])

    assert (clip.rate, clip.channels, clip.samples.dtype) == (16000, 1, np.float32)
    assert 1.5 < clip.duration < 8 and 0.05 < np.abs(clip.samples).max() <= 1.0


def _recordings(folder):
    """One voice as a file, one as a folder of two takes, and files that are no audio."""
    people = draw_speakers(2, seed=4)
    (folder / "bob").mkdir(parents=True)
    write_audio(folder / "alice.flac", utterance(people[0], 1, 2.0))
    write_audio(folder / "bob" / "1.wav", utterance(people[1], 2, 2.0))
    write_audio(folder / "bob" / "0.wav", utterance(people[1], 3, 1.5))
    (folder / "notes.txt").write_text("not audio")
    (folder / "empty").mkdir()
    return people


@needs_espeak
def test_the_real_speech_set_is_written_labelled_and_the_same_twice(tmp_path):
    people = _recordings(tmp_path / "rec")
    voices = ev.HELD_OUT[:2]
    built = [
        ev.build_real_speech_set(tmp_path / name, voices, tmp_path / "rec", sentences=2)
        for name in ("a", "b")
    ]
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))

    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    lines = [json.loads(line) for line in built[0].read_text().splitlines()]
    ids = [ev.voice_id(v) for v in voices]
    assert [(x["speaker"], x["audio"]) for x in lines] == [
        (ids[0], f"audio/{ids[0]}/0.wav"),
        (ids[0], f"audio/{ids[0]}/1.wav"),
        (ids[1], f"audio/{ids[1]}/0.wav"),
        (ids[1], f"audio/{ids[1]}/1.wav"),
        ("rec000", "audio/rec000/0.wav"),
        ("rec001", "audio/rec001/0.wav"),
        ("rec001", "audio/rec001/1.wav"),
    ]
    assert {x["split"] for x in lines} == {"test"}
    assert lines[1]["text"] == voices[0].sentences[1] and lines[6]["file"] == "bob/1.wav"
    for line in lines:
        info = soundfile.info(str(tmp_path / "a" / line["audio"]))
        assert (info.samplerate, info.channels, info.subtype) == (16000, 1, "PCM_16")

    labels = json.loads((tmp_path / "a" / "labels.json").read_text())
    assert labels["format"] == ev.FORMAT and labels["espeak_ng"][0].isdigit()
    speakers = {entry["id"]: entry for entry in labels["speakers"]}
    assert speakers[ids[0]]["voice"] == voices[0].voice and speakers[ids[0]]["group"] == "held-out"
    assert speakers["rec001"]["name"] == "bob" and speakers["rec001"]["source"] == "recording"
    for entry, person in [(speakers["rec000"], people[0]), (speakers["rec001"], people[1])]:
        assert entry["measured"]["f0_hz"] == pytest.approx(person.f0_hz, rel=0.05)
        assert entry["label"] == "measured"


def test_a_recording_that_cannot_be_read_is_named(tmp_path):
    folder = tmp_path / "rec"
    folder.mkdir()
    (folder / "broken.wav").write_bytes(b"RIFF not really")

    with pytest.raises(ValueError, match="broken.wav"):
        ev.build_real_speech_set(tmp_path / "set", voices=(), recordings=folder)
    (folder / "broken.wav").unlink()
    (folder / "notes.txt").write_text("not audio")
    with pytest.raises(ValueError, match="no recordings"):
        ev.recording_speakers(folder)
    with pytest.raises(ValueError, match="not a folder"):
        ev.recording_speakers(folder / "notes.txt")
