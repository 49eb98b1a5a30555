"""VoxCeleb1 audio + VGGFace images, intersected by identity name (Wen et al. 2019's data).

Layouts (as the official code reads them): the audio tree has one folder per VoxCeleb1 id
(``id10001/<video>/<n>.wav``), the face tree one folder per VGGFace name
(``A.J._Buckley/<n>.jpg``), and ``vox1_meta.csv`` (tab-separated, with a header) maps ids to
names. Only names present in both trees are kept. The split follows the official code: names
starting with F-Z train, A-E test (its README calls them validation/test).
"""

from __future__ import annotations

import string
from pathlib import Path

from studio.api.errors import InputError

from ..manifest import Sample

TRAIN_INITIALS = tuple(string.ascii_uppercase[5:])
TEST_INITIALS = tuple(string.ascii_uppercase[:5])
AUDIO_SUFFIXES = (".wav", ".flac", ".m4a")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


def read_meta(meta: Path) -> dict[str, str]:
    """VoxCeleb1 id -> VGGFace name."""
    if not meta.is_file():
        raise InputError(meta, "no such file (VoxCeleb1's vox1_meta.csv)")
    names = {}
    lines = meta.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 2 or not fields[0].strip():
            if line.strip():
                raise InputError(meta, f"line {number} is not 'id<TAB>name<TAB>...'")
            continue
        names[fields[0].strip()] = fields[1].strip()
    return names


def split_of(name: str) -> str | None:
    if name.startswith(TRAIN_INITIALS):
        return "train"
    if name.startswith(TEST_INITIALS):
        return "test"
    return None  # the official split drops other initials


def _files(root: Path, suffixes: tuple[str, ...]) -> dict[str, list[Path]]:
    """Files under each top-level folder of ``root``, sorted for a stable manifest."""
    if not root.is_dir():
        raise InputError(root, "no such folder")
    found: dict[str, list[Path]] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in suffixes and p.is_file())
        if files:
            found[folder.name] = files
    return found


def build_samples(audio_root: Path, face_root: Path, meta: Path) -> list[Sample]:
    """One sample per audio file and one per face image, for identities found in both trees."""
    names = read_meta(meta)
    voices: dict[str, list[Path]] = {}
    for folder, files in _files(audio_root, AUDIO_SUFFIXES).items():
        voices.setdefault(names.get(folder, folder), []).extend(files)
    faces = _files(face_root, IMAGE_SUFFIXES)
    samples = []
    for name in sorted(set(voices) & set(faces)):
        split = split_of(name)
        if split is None:
            continue
        samples += [Sample(name, audio, None, split) for audio in voices[name]]
        samples += [Sample(name, None, face, split) for face in faces[name]]
    if not samples:
        raise InputError(audio_root, f"no identity is in both {audio_root} and {face_root}")
    return samples
