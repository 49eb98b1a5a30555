"""The voices-faces corpus with real voices (espeak-ng, recordings) and augmented copies:
byte-identical twice, labelled by measuring, listed where the documentation says."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile

from studio.audio.io import write_audio
from studio.demodata import build_voices_faces, draw_speakers, read_speakers, utterance
from studio.demodata.corpus import utterance_labels
from studio.demodata.espeak_voices import TRAINING, EspeakUnavailable, voice_id
from studio.demodata.speakers import F0_HZ, VTL_CM
from studio.ml.manifest import read_manifest

ROOT = Path(__file__).resolve().parents[2]
needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"
)
VOICES = (TRAINING[0], TRAINING[-1])  # a low male voice and a high female one


def _recordings(folder: Path) -> Path:
    people = draw_speakers(3, seed=21)
    (folder / "carol").mkdir(parents=True)
    write_audio(folder / "alan.wav", utterance(people[0], 1, 2.0))
    write_audio(folder / "carol" / "a.flac", utterance(people[1], 2, 1.5))
    write_audio(folder / "carol" / "b.flac", utterance(people[1], 3, 1.5))
    return folder


def _build(out: Path, recordings: Path, **kwargs) -> Path:
    return build_voices_faces(
        out,
        speakers=2,
        seed=3,
        utterances_per_speaker=2,
        faces_per_speaker=2,
        seconds=(1.0, 1.5),
        voices_dir=recordings,
        augment=True,
        **kwargs,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    root = tmp_path_factory.mktemp("real")
    _recordings(root / "rec")
    return _build(root / "a", root / "rec", espeak_voices=VOICES).parent


@needs_espeak
def test_two_builds_are_byte_identical(corpus, tmp_path):
    _build(tmp_path, corpus.parent / "rec", espeak_voices=VOICES)
    files = sorted(p.relative_to(corpus) for p in corpus.rglob("*") if p.is_file())

    assert files == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    for name in files:
        assert (corpus / name).read_bytes() == (tmp_path / name).read_bytes(), name


@needs_espeak
def test_real_speakers_are_training_speakers_labelled_by_measuring(corpus):
    data = json.loads((corpus / "speakers.json").read_text())
    entries = {entry["id"]: entry for entry in data["speakers"]}
    ids = [voice_id(v) for v in VOICES]

    assert list(entries) == ["spk0000", "spk0001", *ids, "rec000", "rec001"]
    for speaker_id, voice in zip(ids, VOICES):
        entry = entries[speaker_id]
        assert (entry["source"], entry["voice"], entry["pitch"]) == (
            "espeak-ng",
            voice.voice,
            voice.pitch,
        )
        assert entry["split"] == "train" and entry["face_from"] == "measured"
        assert F0_HZ[0] <= entry["f0_hz"] <= F0_HZ[1] and VTL_CM[0] <= entry["vtl_cm"] <= VTL_CM[1]
        assert entry["f0_hz"] == round(min(max(entry["measured"]["f0_hz"], 85.0), 255.0), 2)
    assert entries[ids[0]]["f0_hz"] < 147 < entries[ids[1]]["f0_hz"]  # a low and a high voice
    alan, carol = entries["rec000"], entries["rec001"]
    assert (alan["name"], carol["name"], alan["source"]) == ("alan", "carol", "recording")
    people = draw_speakers(3, seed=21)
    assert alan["f0_hz"] == pytest.approx(people[0].f0_hz, rel=0.05)
    assert carol["f0_hz"] == pytest.approx(people[1].f0_hz, rel=0.05)
    assert "source" not in entries["spk0000"]  # synthetic speakers are as before
    assert [p.id for p in read_speakers(corpus / "speakers.json")] == list(entries)


@needs_espeak
def test_manifest_lists_real_takes_and_augmented_copies(corpus):
    lines = [json.loads(x) for x in (corpus / "manifest.jsonl").read_text().splitlines()]
    by_speaker: dict[str, list[dict]] = {}
    for line in lines:
        by_speaker.setdefault(line["speaker"], []).append(line)

    takes = {voice_id(VOICES[0]): 2, voice_id(VOICES[1]): 2, "rec000": 1, "rec001": 2}
    for speaker_id, count in takes.items():
        audio = [x["audio"] for x in by_speaker[speaker_id]]
        assert audio == [f"audio/{speaker_id}/{k % count}.wav" for k in range(len(audio))]
        assert all(x["split"] == "train" and "augment" not in x for x in by_speaker[speaker_id])
        assert (corpus / by_speaker[speaker_id][0]["face"]).is_file()
    for speaker_id in ("spk0000", "spk0001"):
        plain = [x for x in by_speaker[speaker_id] if "augment" not in x]
        copies = [x for x in by_speaker[speaker_id] if "augment" in x]
        assert [x["audio"].replace("audio/", "augmented/") for x in plain] == [
            x["audio"] for x in copies
        ]
        assert [x["face"] for x in plain] == [x["face"] for x in copies]
        assert all(x["augment"].endswith(")") and "gain(db=" in x["augment"] for x in copies)
    assert len(read_manifest(corpus / "manifest.jsonl")) == len(lines)


@needs_espeak
def test_augmented_copies_keep_the_length_so_the_timeline_still_holds(corpus):
    person = read_speakers(corpus / "speakers.json")[0]
    for k in range(2):
        clean, _ = soundfile.read(corpus / "audio" / person.id / f"{k}.wav")
        copy, rate = soundfile.read(corpus / "augmented" / person.id / f"{k}.wav")
        assert rate == 16000 and len(copy) == len(clean) and not np.allclose(copy, clean)
    assert utterance_labels(corpus, person, 1).segments[-1].stop == len(clean)


@needs_espeak
def test_a_real_voice_has_no_synthetic_timeline(corpus):
    real = read_speakers(corpus / "speakers.json")[2]

    with pytest.raises(ValueError, match="real voice"):
        utterance_labels(corpus, real, 0)


def test_missing_espeak_or_recordings_are_refused_before_writing(tmp_path, monkeypatch):
    from studio.demodata import espeak_voices

    with pytest.raises(ValueError, match="not a folder"):
        build_voices_faces(tmp_path / "a", speakers=1, voices_dir=tmp_path / "absent")
    monkeypatch.setattr(espeak_voices.shutil, "which", lambda name: None)
    with pytest.raises(EspeakUnavailable, match="not installed"):
        build_voices_faces(tmp_path / "b", speakers=1, espeak_voices=True)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def _cli(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "studio.cli", "demo-data", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_command_line_adds_recordings_and_augmented_copies(tmp_path):
    _recordings(tmp_path / "rec")
    done = _cli(
        "voices-faces", "--out", str(tmp_path / "c"), "--speakers", "1", "--utterances", "1",
        "--seconds", "1", "1", "--voices", str(tmp_path / "rec"), "--augment",
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    speakers = [p.id for p in read_speakers(tmp_path / "c" / "speakers.json")]
    assert speakers == ["spk0000", "rec000", "rec001"]
    assert (tmp_path / "c" / "augmented" / "spk0000" / "0.wav").is_file()


def test_command_line_real_speech_set_of_recordings_and_a_bad_folder(tmp_path):
    _recordings(tmp_path / "rec")
    done = _cli("real-speech", "--out", str(tmp_path / "set"), "--voices", str(tmp_path / "rec"),
                "--no-espeak")  # fmt: skip
    bad = _cli("real-speech", "--out", str(tmp_path / "x"), "--voices", str(tmp_path / "no"))

    assert done.returncode == 0, done.stderr
    assert len(read_manifest(tmp_path / "set" / "manifest.jsonl")) == 3
    assert bad.returncode == 2 and "not a folder of recordings" in bad.stderr


def test_espeak_flag_asks_for_the_training_voices(monkeypatch, tmp_path):
    from studio.cli.main import main
    from studio.demodata import corpus

    seen = {}
    monkeypatch.setattr(corpus, "build_voices_faces", lambda *a, **kw: seen.update(kw))
    assert main(["demo-data", "voices-faces", "--out", str(tmp_path), "--espeak"]) == 0
    assert (seen["espeak_voices"], seen["voices_dir"], seen["augment"]) == (True, None, False)
