"""Manifests from tiny generated copies of the paper's dataset layouts (no network, no data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.api import InputError
from studio.ml.manifest import read_manifest
from studio_xfavot import datasets
from studio_xfavot.training.data import genders_from_corpus


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def test_vctk_092_reads_genders_keeps_mic1_and_holds_speakers_out(tmp_path):
    (tmp_path / "speaker-info.txt").write_text(
        "ID  AGE  GENDER  ACCENTS  REGION\np225  23  F  English  Southern\n"
        "p226  22  M  English  Surrey\np227  38  M  English  Cumbria\n"
    )
    for speaker in ("p225", "p226", "p227"):
        for n in (1, 2):
            touch(tmp_path / "wav48_silence_trimmed" / speaker / f"{speaker}_00{n}_mic1.flac")
            touch(tmp_path / "wav48_silence_trimmed" / speaker / f"{speaker}_00{n}_mic2.flac")
    samples, genders = datasets.vctk(tmp_path, held_out=1)
    assert genders == {"p225": "female", "p226": "male", "p227": "male"}
    assert len(samples) == 6 and all("mic1" in s.audio.name and s.face is None for s in samples)
    assert len({s.speaker for s in samples if s.split == "test"}) == 1
    assert datasets.vctk(tmp_path, held_out=1)[0] == samples  # reproducible


def test_vctk_080_layout_and_its_numeric_ids(tmp_path):
    (tmp_path / "speaker-info.txt").write_text("ID AGE GENDER ACCENTS\n225 23 F English\n")
    touch(tmp_path / "wav48" / "p225" / "p225_001.wav")
    touch(tmp_path / "wav48" / "p999" / "p999_001.wav")  # not in the table: left out
    samples, genders = datasets.vctk(tmp_path)
    assert [s.speaker for s in samples] == ["p225"] and genders == {"p225": "female"}


def test_celeba_hq_in_stargan_v2_layout(tmp_path):
    touch(tmp_path / "train" / "female" / "1.jpg")
    touch(tmp_path / "train" / "male" / "2.jpg")
    touch(tmp_path / "val" / "male" / "3.jpg")
    samples, genders = datasets.celeba_hq(tmp_path)
    assert {(s.speaker, s.split) for s in samples} == {
        ("celeba-hq-female", "train"), ("celeba-hq-male", "train"), ("celeba-hq-male", "test")
    }  # fmt: skip
    assert all(s.audio is None for s in samples) and genders["celeba-hq-female"] == "female"


def test_grid_pairs_by_stem_and_holds_out_the_last_speakers(tmp_path):
    for n in range(1, 7):
        touch(tmp_path / "audio" / f"s{n}" / "bbaf2n.wav")
        touch(tmp_path / "faces" / f"s{n}" / "bbaf2n.png")
    touch(tmp_path / "audio" / "s1" / "lonely.wav")  # no face frame: skipped
    genders = {f"s{n}": "female" if n % 2 else "male" for n in range(1, 7)}
    samples, kept = datasets.grid(tmp_path, genders, held_out=2)
    assert len(samples) == 6 and kept == genders
    assert {s.speaker for s in samples if s.split == "test"} == {"s5", "s6"}
    with pytest.raises(InputError, match="no gender given for 1 speaker"):
        datasets.grid(tmp_path, {k: v for k, v in genders.items() if k != "s3"})


def test_lrs3_and_lip2wav_layouts(tmp_path):
    for clip in ("00001", "00002"):
        touch(tmp_path / "lrs3" / "trainval" / "vidA" / f"{clip}.wav")
        touch(tmp_path / "lrs3" / "trainval" / "vidA" / f"{clip}.png")
    samples, genders = datasets.lrs3(tmp_path / "lrs3", {"vidA": "male"})
    assert len(samples) == 2 and {s.speaker for s in samples} == {"vidA"}
    clip = tmp_path / "lip2wav" / "chem" / "preprocessed" / "v1" / "0"
    touch(clip / "audio.wav")
    touch(clip / "face.jpg")
    samples, genders = datasets.lip2wav(tmp_path / "lip2wav", {"chem": "male"})
    assert [(s.speaker, s.audio.name, s.face.name) for s in samples] == [
        ("chem", "audio.wav", "face.jpg")
    ]
    assert genders == {"chem": "male"}


def test_written_manifest_and_genders_feed_the_recipe(tmp_path):
    (tmp_path / "data" / "genders.csv").parent.mkdir()
    (tmp_path / "data" / "genders.csv").write_text("speaker,gender\ns1,F\ns2,m\n")
    for speaker in ("s1", "s2"):
        touch(tmp_path / "grid" / "audio" / speaker / "a.wav")
        touch(tmp_path / "grid" / "faces" / speaker / "a.png")
    out = tmp_path / "out" / "manifest.jsonl"
    code = datasets.main(["grid", str(tmp_path / "grid"), "-o", str(out),
                          "--genders", str(tmp_path / "data" / "genders.csv")])  # fmt: skip
    assert code == 0 and len(read_manifest(out)) == 2
    assert json.loads((out.parent / "genders.json").read_text()) == {"s1": "female", "s2": "male"}
    assert genders_from_corpus(out) == {"s1": 1, "s2": 0}


def test_missing_layout_parts_are_named(tmp_path):
    with pytest.raises(InputError, match="speaker-info.txt"):
        datasets.vctk(tmp_path)
    with pytest.raises(InputError, match="no images"):
        datasets.celeba_hq(tmp_path)
    with pytest.raises(InputError, match="unknown gender"):
        (tmp_path / "g.csv").write_text("s1,child\n")
        datasets.read_genders_csv(tmp_path / "g.csv")
