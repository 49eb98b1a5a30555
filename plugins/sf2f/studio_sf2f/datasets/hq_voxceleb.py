"""HQ-VoxCeleb (the SF2F paper's dataset, section 3) as a Persona Studio manifest.

The layout the authors' tools use: under the dataset root, one folder per VoxCeleb release
(``vox1``, ``vox2``), each with its metadata table (``vox1_meta.csv`` / ``full_vox2_meta.csv``,
tab- or comma-separated, first column the VoxCeleb id, second the identity's name) and its
normalised faces in ``masked_faces/<name or id>/*.jpg|png``; ``split.json`` at the root maps
each release to its ``train`` / ``val`` / ``test`` identity lists (names or ids; the splits are
identity-disjoint, Table 1). HQ-VoxCeleb carries no audio of its own: the speech is VoxCeleb's,
so the raw VoxCeleb1/2 trees (``<id>/<video>/<n>.wav|m4a``) are passed alongside.

    python -m studio_sf2f.datasets.hq_voxceleb ROOT --vox1-audio DIR [--vox2-audio DIR] -o OUT

writes ``OUT`` (``manifest.jsonl``) with one sample per utterance and one per face image.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from studio.api import InputError
from studio.ml.datasets.voxceleb_vggface import AUDIO_SUFFIXES, IMAGE_SUFFIXES, _files
from studio.ml.manifest import SPLITS, Sample, write_manifest

RELEASES = {"vox1": "vox1_meta.csv", "vox2": "full_vox2_meta.csv"}


def read_table(path: Path) -> dict[str, str]:
    """VoxCeleb id -> name, from a tab- or comma-separated table with a header row."""
    if not path.is_file():
        raise InputError(path, "no such file (the release's metadata table)")
    names = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    separator = "\t" if "\t" in (lines[0] if lines else "") else ","
    for number, line in enumerate(lines[1:], start=2):
        fields = [field.strip() for field in line.split(separator)]
        if len(fields) < 2 or not fields[0]:
            if line.strip():
                raise InputError(path, f"line {number} is not 'id{separator!r}name...'")
            continue
        names[fields[0]] = fields[1]
    return names


def read_splits(path: Path) -> dict[str, dict[str, str]]:
    """release -> identity (name or id) -> split."""
    if not path.is_file():
        raise InputError(path, "no such file (HQ-VoxCeleb's split.json)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InputError(path, f"not valid JSON ({error})") from None
    found: dict[str, dict[str, str]] = {}
    for release, splits in data.items():
        if not isinstance(splits, dict):
            raise InputError(path, f"{release!r} must map split names to identity lists")
        for split, identities in splits.items():
            if split not in SPLITS:
                raise InputError(path, f"unknown split {split!r} (expected {', '.join(SPLITS)})")
            for identity in identities:
                found.setdefault(release, {})[str(identity)] = split
    return found


def build_samples(root: Path, audio_roots: dict[str, Path]) -> list[Sample]:
    """Samples of every identity with both faces and speech, in its split.json split."""
    splits = read_splits(root / "split.json")
    samples: list[Sample] = []
    for release, audio_root in audio_roots.items():
        if release not in RELEASES:
            raise InputError(audio_root, f"unknown release {release!r}")
        names = read_table(root / release / RELEASES[release])
        faces = _files(root / release / "masked_faces", IMAGE_SUFFIXES)
        voices = _files(audio_root, AUDIO_SUFFIXES)
        for voxceleb_id, files in voices.items():
            name = names.get(voxceleb_id, voxceleb_id)
            split = splits.get(release, {}).get(name) or splits.get(release, {}).get(voxceleb_id)
            pictures = faces.get(name) or faces.get(voxceleb_id)
            if split is None or not pictures:
                continue
            samples += [Sample(name, audio, None, split) for audio in files]
            samples += [Sample(name, None, face, split) for face in pictures]
    if not samples:
        raise InputError(root, "no identity has faces, speech and a split in this layout")
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="HQ-VoxCeleb root (vox1/, vox2/, split.json)")
    parser.add_argument("--vox1-audio", type=Path, help="VoxCeleb1 wav tree (id1xxxx folders)")
    parser.add_argument("--vox2-audio", type=Path, help="VoxCeleb2 audio tree (id0xxxx folders)")
    parser.add_argument("-o", "--out", type=Path, required=True, help="manifest.jsonl to write")
    args = parser.parse_args(argv)
    roots = {k: v for k, v in (("vox1", args.vox1_audio), ("vox2", args.vox2_audio)) if v}
    if not roots:
        parser.error("give --vox1-audio and/or --vox2-audio")
    try:
        samples = build_samples(args.root, roots)
    except InputError as error:
        print(f"error: {error}")
        return 2
    write_manifest(args.out, samples)
    print(f"wrote {len(samples)} samples to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
