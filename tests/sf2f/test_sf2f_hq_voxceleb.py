"""The HQ-VoxCeleb manifest adapter on a miniature copy of the layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from studio.api import InputError
from studio.audio.io import write_audio
from studio.audio.synth import speech_like
from studio.ml.manifest import read_manifest
from studio_sf2f.datasets.hq_voxceleb import main


def layout(tmp_path: Path) -> tuple[Path, Path]:
    root, audio = tmp_path / "hq", tmp_path / "vox1_wav"
    (root / "vox1").mkdir(parents=True)
    (root / "vox1" / "vox1_meta.csv").write_text(
        "VoxCeleb1 ID\tVGGFace1 ID\tGender\tNationality\tSet\n"
        "id10001\tA.J._Buckley\tm\tIreland\tdev\nid10002\tAaron_Tveit\tm\tUSA\tdev\n"
        "id10003\tAbbie_Cornish\tf\tAustralia\tdev\n"
    )
    split = {"vox1": {"train": ["A.J._Buckley"], "test": ["Aaron_Tveit"], "val": []}}
    (root / "split.json").write_text(json.dumps(split))
    for name in ("A.J._Buckley", "Aaron_Tveit", "Abbie_Cornish"):
        folder = root / "vox1" / "masked_faces" / name
        folder.mkdir(parents=True)
        Image.new("RGB", (64, 64), (200, 180, 160)).save(folder / "0.png")
    for voxceleb_id in ("id10001", "id10002", "id10003"):
        folder = audio / voxceleb_id / "video1"
        folder.mkdir(parents=True)
        write_audio(folder / "00001.wav", speech_like(1.0, 16000, seed=1))
    return root, audio


def test_identities_with_faces_speech_and_a_split_become_samples(tmp_path):
    root, audio = layout(tmp_path)
    out = tmp_path / "manifest.jsonl"
    assert main([str(root), "--vox1-audio", str(audio), "-o", str(out)]) == 0
    samples = read_manifest(out)
    assert {(s.speaker, s.split) for s in samples} == {
        ("A.J._Buckley", "train"),
        ("Aaron_Tveit", "test"),
    }  # Abbie_Cornish is in no split
    assert sum(s.face is not None for s in samples) == 2
    assert sum(s.audio is not None for s in samples) == 2


def test_a_missing_split_file_is_named(tmp_path):
    root, audio = layout(tmp_path)
    (root / "split.json").unlink()
    from studio_sf2f.datasets.hq_voxceleb import build_samples

    with pytest.raises(InputError, match="split.json"):
        build_samples(root, {"vox1": audio})
