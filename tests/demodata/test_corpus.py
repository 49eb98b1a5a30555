"""Writing the corpus: byte-identical runs, a manifest pairing voices with faces, and splits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PIL import Image

from studio.demodata import (
    build_voices_faces,
    draw_speakers,
    heldout,
    read_speakers,
)
from studio.ml.manifest import read_manifest

ROOT = Path(__file__).resolve().parents[2]
SMALL = dict(
    speakers=5,
    seed=4,
    utterances_per_speaker=2,
    faces_per_speaker=3,
    seconds=(1.0, 2.0),
    face_style="drawn",
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    build_voices_faces(out, **SMALL)
    return out


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_two_builds_are_byte_identical(corpus, tmp_path):
    build_voices_faces(tmp_path, **SMALL)

    assert files(tmp_path) == files(corpus)


def test_worker_processes_write_the_same_bytes(corpus, tmp_path):
    build_voices_faces(tmp_path, **SMALL, workers=2)

    assert files(tmp_path) == files(corpus)


def test_rebuilding_in_place_changes_nothing(corpus, tmp_path):
    build_voices_faces(tmp_path, **{**SMALL, "seed": 99})
    build_voices_faces(tmp_path, **SMALL)

    assert files(tmp_path) == files(corpus)


def test_layout_is_exactly_the_documented_one(corpus):
    expected = {"manifest.jsonl", "speakers.json"}
    for person in draw_speakers(5, seed=4):
        expected |= {f"audio/{person.id}/{k}.wav" for k in range(2)}
        expected |= {f"faces/{person.id}/{k}.png" for k in range(3)}

    assert set(files(corpus)) == expected


def test_manifest_pairs_utterance_k_with_face_k_cycling_the_shorter_list(corpus):
    rows = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines()]

    assert len(rows) == 5 * 3
    assert all(set(row) == {"speaker", "audio", "face", "split"} for row in rows)
    first = [row for row in rows if row["speaker"] == "spk0000"]
    assert [(r["audio"], r["face"]) for r in first] == [
        ("audio/spk0000/0.wav", "faces/spk0000/0.png"),
        ("audio/spk0000/1.wav", "faces/spk0000/1.png"),
        ("audio/spk0000/0.wav", "faces/spk0000/2.png"),
    ]
    for row in rows:  # relative to the manifest's folder, and present
        assert not Path(row["audio"]).is_absolute()
        assert (corpus / row["audio"]).is_file() and (corpus / row["face"]).is_file()


def test_splits_hold_out_whole_speakers_as_recorded_in_speakers_json(corpus):
    rows = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines()]
    split_of = {}
    for row in rows:
        assert split_of.setdefault(row["speaker"], row["split"]) == row["split"]
    recorded = json.loads((corpus / "speakers.json").read_text())

    assert sorted(split_of.values()) == ["test"] + ["train"] * 4  # round(5 * 0.2) = 1
    assert {s["id"]: s["split"] for s in recorded["speakers"]} == split_of
    assert {f"spk{i:04d}" for i in heldout(5, 4, 0.2)} == {
        k for k, v in split_of.items() if v == "test"
    }


def test_speakers_json_records_the_parameters_used(corpus):
    recorded = json.loads((corpus / "speakers.json").read_text())

    assert recorded["seed"] == 4 and recorded["format"].startswith("persona-studio-demo")
    assert read_speakers(corpus / "speakers.json") == draw_speakers(5, seed=4)


def test_read_manifest_resolves_paths(corpus):
    pairs = read_manifest(corpus / "manifest.jsonl")

    assert len(pairs) == 15 and pairs[0].speaker == "spk0000"
    assert pairs[0].audio == corpus / "audio/spk0000/0.wav" and pairs[0].audio.is_file()
    assert {p.split for p in pairs} == {"train", "test"}


def test_audio_is_16khz_16bit_mono_of_the_asked_length(corpus):
    for path in (corpus / "audio").rglob("*.wav"):
        info = sf.info(path)
        assert (info.samplerate, info.channels, info.subtype, info.format) == (
            16000,
            1,
            "PCM_16",
            "WAV",
        )
        assert 1.0 <= info.duration <= 2.0


def test_faces_are_64px_rgb_pngs_without_metadata(corpus):
    for path in (corpus / "faces").rglob("*.png"):
        with Image.open(path) as image:
            assert (image.format, image.mode, image.size) == ("PNG", "RGB", (64, 64))
        data = path.read_bytes()
        assert b"tIME" not in data and b"tEXt" not in data and b"iTXt" not in data


def test_avatar_faces_are_one_portrait_per_speaker_at_the_asked_size(tmp_path):
    from studio.demodata.avatar import avatar

    build_voices_faces(tmp_path, **{**SMALL, "face_style": "avatar", "face_size": 96})

    people = draw_speakers(5, seed=4)
    assert {p.name for p in (tmp_path / "faces" / people[0].id).iterdir()} == {"0.png"}
    rows = [json.loads(line) for line in (tmp_path / "manifest.jsonl").read_text().splitlines()]
    assert len(rows) == 5 * 2  # one line per utterance, all pointing at the one avatar
    assert {row["face"] for row in rows if row["speaker"] == people[0].id} == {
        f"faces/{people[0].id}/0.png"
    }
    for person in people:
        with Image.open(tmp_path / "faces" / person.id / "0.png") as image:
            np.testing.assert_array_equal(np.asarray(image), avatar(person, 96))
    recorded = json.loads((tmp_path / "speakers.json").read_text())
    assert recorded["faces"] == {"style": "avatar", "size": 96}
    again = tmp_path.parent / f"{tmp_path.name}-again"
    build_voices_faces(again, **{**SMALL, "face_style": "avatar", "face_size": 96})
    assert files(again) == files(tmp_path)


def test_progress_rises_to_one(tmp_path):
    seen = []
    build_voices_faces(tmp_path, **SMALL, progress=lambda f, m: seen.append((f, m)))

    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions) and len(seen) >= 5 + 2
    assert all(isinstance(m, str) and m for _, m in seen)


@pytest.mark.parametrize(
    ("speakers", "fraction", "count"),
    [(10, 0.2, 2), (200, 0.2, 40), (7, 0.5, 4), (3, 0.05, 1), (1, 0.2, 0), (10, 0.0, 0)],
)
def test_heldout_count(speakers, fraction, count):
    chosen = heldout(speakers, 0, fraction)

    assert len(chosen) == count and chosen <= set(range(speakers))
    assert chosen == heldout(speakers, 0, fraction)


def test_heldout_choice_depends_on_the_seed():
    assert heldout(200, 0, 0.2) != heldout(200, 1, 0.2)


@pytest.mark.parametrize(
    "bad",
    [
        {"speakers": 0},
        {"utterances_per_speaker": 0},
        {"seconds": (0.0, 1.0)},
        {"seconds": (2.0, 1.0)},
        {"heldout_fraction": 1.0},
        {"face_style": "photo"},
        {"face_style": "avatar", "face_size": 8},
    ],
)
def test_bad_arguments_are_refused_before_writing(tmp_path, bad):
    with pytest.raises(ValueError):
        build_voices_faces(tmp_path / "out", **{**SMALL, **bad})
    assert not (tmp_path / "out").exists()


def test_no_two_speakers_share_a_face_or_a_voice(corpus):
    faces = [np.asarray(Image.open(corpus / f"faces/spk000{i}/0.png")) for i in range(5)]
    voices = [sf.read(corpus / f"audio/spk000{i}/0.wav")[0] for i in range(5)]

    assert len({f.tobytes() for f in faces}) == 5
    assert len({v.tobytes() for v in voices}) == 5


def test_command_line_builds_a_corpus(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio.cli",
            "demo-data",
            "voices-faces",
            "--out",
            str(tmp_path),
            "--speakers",
            "2",
            "--utterances",
            "1",
            "--faces",
            "1",
            "--seconds",
            "1",
            "1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert len(read_manifest(tmp_path / "manifest.jsonl")) == 2
    with Image.open(tmp_path / "faces" / "spk0000" / "0.png") as image:
        assert image.size == (128, 128)  # an avatar, the default


def test_command_line_names_a_bad_size_in_one_line(tmp_path):
    command = [sys.executable, "-m", "studio.cli", "demo-data", "voices-faces", "--out"]
    result = subprocess.run(
        [*command, str(tmp_path), "--speakers", "2", "--face-size", "5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "persona-studio: error: face_size must be a whole number in 16..1024, got 5"
    ]
