"""The VoxCeleb1 + VGGFace adapter on a tiny fake tree in the public layout."""

from studio.cli.main import main
from studio.ml.datasets.voxceleb_vggface import build_samples
from studio.ml.manifest import read_manifest

META = (
    "VoxCeleb1 ID\tVGGFace1 ID\tGender\tNationality\tSet\n"
    "id10001\tA.J._Buckley\tm\tIreland\tdev\n"
    "id10002\tFred_Astaire\tm\tUSA\tdev\n"
    "id10003\tZoe_Saldana\tf\tUSA\ttest\n"
    "id10004\tNo_Faces_Here\tm\tUSA\tdev\n"
    "id10005\teve_lowercase\tf\tUSA\tdev\n"
)


def make_tree(root):
    audio, faces = root / "wav", root / "VGG_ALL_FRONTAL"
    for speaker_id, videos in {
        "id10001": 2,
        "id10002": 1,
        "id10003": 1,
        "id10004": 1,
        "id10005": 1,
    }.items():
        for video in range(videos):
            folder = audio / speaker_id / f"video{video}"
            folder.mkdir(parents=True)
            (folder / "00001.wav").write_bytes(b"x")
            (folder / "notes.txt").write_text("ignored")
    for name, count in {
        "A.J._Buckley": 2,
        "Fred_Astaire": 1,
        "Zoe_Saldana": 3,
        "eve_lowercase": 1,
        "Only_A_Face": 1,
    }.items():
        (faces / name).mkdir(parents=True)
        for k in range(count):
            (faces / name / f"{k}.jpg").write_bytes(b"x")
    (root / "vox1_meta.csv").write_text(META)
    return audio, faces, root / "vox1_meta.csv"


def test_identities_in_both_trees_are_kept_and_split_by_initial(tmp_path):
    audio, faces, meta = make_tree(tmp_path)
    samples = build_samples(audio, faces, meta)
    by_name = {}
    for sample in samples:
        by_name.setdefault(sample.speaker, []).append(sample)
    assert sorted(by_name) == ["A.J._Buckley", "Fred_Astaire", "Zoe_Saldana"]
    assert {s.split for s in by_name["A.J._Buckley"]} == {"test"}  # A-E: test, as the official code
    assert {s.split for s in by_name["Fred_Astaire"]} == {"train"}  # F-Z: train
    assert sum(s.audio is not None for s in by_name["A.J._Buckley"]) == 2
    assert sum(s.face is not None for s in by_name["Zoe_Saldana"]) == 3
    assert all(s.audio is None or s.audio.suffix == ".wav" for s in samples)


def manifest_command(audio, faces, meta, out) -> list[str]:
    return [
        "manifest",
        "voxceleb-vggface",
        "--audio",
        str(audio),
        "--faces",
        str(faces),
        "--meta",
        str(meta),
        "-o",
        str(out),
    ]


def test_the_cli_writes_the_manifest(tmp_path, capsys):
    audio, faces, meta = make_tree(tmp_path)
    out = tmp_path / "manifest.jsonl"
    assert main(manifest_command(audio, faces, meta, out)) == 0
    assert "1 test identities, 2 train identities" in capsys.readouterr().out
    assert len(read_manifest(out)) == 2 + 2 + 1 + 1 + 1 + 3


def test_a_missing_meta_file_is_named(tmp_path, capsys):
    audio, faces, _ = make_tree(tmp_path)
    assert main(manifest_command(audio, faces, tmp_path / "nope.csv", tmp_path / "m.jsonl")) == 2
    assert "nope.csv: no such file" in capsys.readouterr().err
