"""Manifests from the public layouts of the paper's datasets (Sec. 4, App. B).

Each adapter returns manifest samples (``studio.ml.manifest.Sample``) plus every speaker's
gender code, which the recipe needs for the gender heads; :func:`write` stores the samples as
``manifest.jsonl`` and the genders beside it as ``genders.json`` (``{"speaker": "female"}``).

* VCTK (audio only; 0.92 ``wav48_silence_trimmed/p225/p225_001_mic1.flac`` or 0.80
  ``wav48/p225/p225_001.wav``): genders from ``speaker-info.txt``; the paper holds out 30
  speakers for evaluation (chosen by a seeded shuffle here; the paper's choice is [U]).
* CelebA-HQ in StarGAN v2's layout (images only): ``celeba_hq/{train,val}/{female,male}/*.jpg``;
  the gender is the folder, the split the parent (``val`` -> test). No speaker is known
  (Table 1: only D^au's gender heads train on these), so the speaker field names the domain.
* GRID (audio-visual): ``<root>/audio/s1/bbaf2n.wav`` with one aligned face frame per
  utterance ``<root>/faces/s1/bbaf2n.png`` (faces "extracted from video frames and aligned",
  App. B; the extraction itself happens before this). Genders from a ``--genders`` CSV
  (``speaker,gender``); the paper holds out 4 speakers (the last four by default).
* LRS3 and Lip2Wav (audio-visual), after the same face extraction: LRS3
  ``<root>/<split dir>/<video id>/<clip>.wav`` + ``<clip>.png``; Lip2Wav
  ``<root>/<speaker>/preprocessed/<video>/<clip>/audio.wav`` + ``face.png``. A speaker is an
  LRS3 video id (the paper's 16 hand-picked TED talks, one speaker each) or a Lip2Wav speaker;
  a random 90/10 split of their pairs (App. B).

Usage: ``python -m studio_xfavot.datasets vctk ROOT -o OUT/manifest.jsonl`` (also ``celeba-hq``,
``grid``, ``lrs3``, ``lip2wav``; ``--genders FILE`` where the layout has none).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from studio.api.errors import InputError
from studio.ml.manifest import Sample, write_manifest

GENDERS = ("male", "female")  # code 0, 1 (the recipe's g)
AUDIO_SUFFIXES = (".wav", ".flac")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
VCTK_HELD_OUT = 30
GRID_HELD_OUT = 4
VALIDATION_SHARE = 0.1
SPLIT_SEED = 0

Layout = tuple[list[Sample], dict[str, str]]


def _gender(text: str, where: Path) -> str:
    value = text.strip().lower()
    if value in ("m", "male"):
        return "male"
    if value in ("f", "female"):
        return "female"
    raise InputError(where, f"unknown gender {text!r} (expected M/F or male/female)")


def _folder(path: Path, what: str) -> Path:
    if not path.is_dir():
        raise InputError(path, f"no such folder ({what})")
    return path


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)


def _held_out(speakers: list[str], count: int) -> set[str]:
    """A seeded, reproducible choice of ``count`` evaluation speakers (never all of them)."""
    count = min(count, len(speakers) - 1)
    order = np.random.default_rng(SPLIT_SEED).permutation(len(speakers))
    return {sorted(speakers)[i] for i in order[: max(count, 0)]}


def read_genders_csv(path: Path) -> dict[str, str]:
    """``speaker,gender`` lines (a header line is allowed)."""
    if not Path(path).is_file():
        raise InputError(path, "no such genders file (lines of 'speaker,gender')")
    genders = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        fields = [f.strip() for f in line.split(",")]
        if not line.strip() or (number == 1 and fields[0].lower() == "speaker"):
            continue
        if len(fields) < 2:
            raise InputError(path, f"line {number} is not 'speaker,gender'")
        genders[fields[0]] = _gender(fields[1], path)
    return genders


def vctk(root: Path, held_out: int = VCTK_HELD_OUT) -> Layout:
    root = _folder(Path(root), "the VCTK corpus folder")
    info = root / "speaker-info.txt"
    if not info.is_file():
        raise InputError(info, "no such file (VCTK's speaker table)")
    genders = {}
    for line in info.read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 3:
            name = fields[0] if fields[0].startswith("p") else f"p{fields[0]}"
            genders[name] = _gender(fields[2], info)
    audio = next(
        (root / d for d in ("wav48_silence_trimmed", "wav48") if (root / d).is_dir()), None
    )
    if audio is None:
        raise InputError(root, "no wav48_silence_trimmed/ or wav48/ folder")
    speakers = sorted(p.name for p in audio.iterdir() if p.is_dir() and p.name in genders)
    if not speakers:
        raise InputError(audio, "no speaker folder listed in speaker-info.txt")
    test = _held_out(speakers, held_out)
    samples = [
        Sample(name, path, None, "test" if name in test else "train")
        for name in speakers
        # 0.92 has two microphones per sentence; mic1 is the one most works use
        for path in _files(audio / name, AUDIO_SUFFIXES)
        if "_mic2" not in path.stem
    ]
    return samples, {name: genders[name] for name in speakers}


def celeba_hq(root: Path) -> Layout:
    root = _folder(Path(root), "StarGAN v2's celeba_hq folder")
    samples = []
    for split_dir, split in (("train", "train"), ("val", "test")):
        for gender in GENDERS:
            folder = root / split_dir / gender
            if folder.is_dir():
                domain = f"celeba-hq-{gender}"
                samples += [Sample(domain, None, p, split) for p in _files(folder, IMAGE_SUFFIXES)]
    if not samples:
        raise InputError(root, "no images under train/{female,male}/ or val/{female,male}/")
    return samples, {f"celeba-hq-{g}": g for g in GENDERS}


def _pairs_by_stem(audio_dir: Path, face_dir: Path, speaker: str) -> list[tuple[Path, Path]]:
    faces = {p.stem: p for p in _files(face_dir, IMAGE_SUFFIXES)} if face_dir.is_dir() else {}
    return [(a, faces[a.stem]) for a in _files(audio_dir, AUDIO_SUFFIXES) if a.stem in faces]


def grid(root: Path, genders: dict[str, str], held_out: int = GRID_HELD_OUT) -> Layout:
    root = Path(root)
    audio = _folder(root / "audio", "GRID audio, one folder per speaker")
    speakers = sorted(p.name for p in audio.iterdir() if p.is_dir())
    _require_genders(speakers, genders, root)
    # The paper names no held-out four; the highest-numbered speakers are a reproducible pick.
    ordered = sorted(speakers, key=lambda s: (len(s), s))
    test = set(ordered[-held_out:]) if len(ordered) > held_out else set()
    samples = []
    for name in speakers:
        pairs = _pairs_by_stem(audio / name, root / "faces" / name, name)
        samples += [Sample(name, a, f, "test" if name in test else "train") for a, f in pairs]
    return _non_empty(samples, root), {s: genders[s] for s in speakers}


def _random_split(pairs: list[tuple[str, Path, Path]]) -> list[Sample]:
    """App. B: a random 90/10 train/validation split of the pairs (seeded)."""
    rng = np.random.default_rng(SPLIT_SEED)
    validation = rng.random(len(pairs)) < VALIDATION_SHARE
    return [Sample(s, a, f, "val" if v else "train") for (s, a, f), v in zip(pairs, validation)]


def lrs3(root: Path, genders: dict[str, str]) -> Layout:
    root = _folder(Path(root), "LRS3 (pretrain/, trainval/ or test/ inside)")
    pairs = []
    for part in ("pretrain", "trainval", "test"):
        if (root / part).is_dir():
            for video in sorted(p for p in (root / part).iterdir() if p.is_dir()):
                pairs += [(video.name, a, f) for a, f in _pairs_by_stem(video, video, video.name)]
    speakers = sorted({s for s, _, _ in pairs})
    _require_genders(speakers, genders, root)
    return _non_empty(_random_split(pairs), root), {s: genders[s] for s in speakers}


def lip2wav(root: Path, genders: dict[str, str]) -> Layout:
    root = _folder(Path(root), "Lip2Wav's Dataset folder (one folder per speaker)")
    pairs = []
    for speaker in sorted(p for p in root.iterdir() if p.is_dir()):
        for audio in _files(speaker / "preprocessed", (".wav",)):
            face = next((audio.with_name(f"face{s}") for s in IMAGE_SUFFIXES
                         if audio.with_name(f"face{s}").is_file()), None)  # fmt: skip
            if audio.stem == "audio" and face is not None:
                pairs.append((speaker.name, audio, face))
    speakers = sorted({s for s, _, _ in pairs})
    _require_genders(speakers, genders, root)
    return _non_empty(_random_split(pairs), root), {s: genders[s] for s in speakers}


def _require_genders(speakers: list[str], genders: dict[str, str], root: Path) -> None:
    missing = [s for s in speakers if s not in genders]
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise InputError(root, f"no gender given for {len(missing)} speaker(s): {shown} "
                               "(pass --genders with 'speaker,gender' lines)")  # fmt: skip


def _non_empty(samples: list[Sample], root: Path) -> list[Sample]:
    if not samples:
        raise InputError(root, "no utterance has a face frame of the same name")
    return samples


def write(manifest: Path, layout: Layout) -> Path:
    """``manifest`` (JSON lines) and ``genders.json`` beside it."""
    samples, genders = layout
    manifest = Path(manifest)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    write_manifest(manifest, samples)
    from studio.ml.atomic import write_text_atomically

    write_text_atomically(
        manifest.parent / "genders.json", json.dumps(genders, indent=1, sort_keys=True) + "\n"
    )
    return manifest


ADAPTERS: dict[str, Callable[..., Layout]] = {
    "vctk": vctk, "celeba-hq": celeba_hq, "grid": grid, "lrs3": lrs3, "lip2wav": lip2wav,
}  # fmt: skip
NEEDS_GENDERS = ("grid", "lrs3", "lip2wav")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("layout", choices=sorted(ADAPTERS))
    parser.add_argument("root", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True, help="manifest .jsonl")
    parser.add_argument("--genders", type=Path, help="CSV of speaker,gender")
    args = parser.parse_args(argv)
    if args.layout in NEEDS_GENDERS:
        if args.genders is None:
            parser.error(f"{args.layout} has no gender table: pass --genders FILE")
        layout = ADAPTERS[args.layout](args.root, read_genders_csv(args.genders))
    else:
        layout = ADAPTERS[args.layout](args.root)
    write(args.output, layout)
    print(f"wrote {args.output}: {len(layout[0])} samples, {len(layout[1])} speakers/domains")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
