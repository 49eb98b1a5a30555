"""Training data: manifest samples -> cached voice features and face images, as torch datasets.

Voice features are computed once with the inference pipeline (VAD, log-mel, per-utterance
normalisation) and cached in the run folder; utterances shorter than the longest crop are
tiled as at inference. Faces are read, converted to RGB, resized to 64x64 and scaled to
[-1, 1] as the official code does. Every unreadable file is collected and reported at once.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import Dataset

from studio.api import InputError, Progress
from studio.ml.atomic import write_bytes_atomically
from studio.ml.audio import read_audio
from studio.ml.manifest import FileProblems, Sample

from ..voice_input import clip_features

FACE_SIZE = 64


@dataclass
class Corpus:
    """Training identities, their utterance features and face files, with shared labels."""

    names: list[str]
    voices: list[np.ndarray]  # float32 [64, T], T >= max crop
    voice_labels: list[int]
    faces: list[Path]
    face_labels: list[int]
    traits: np.ndarray | None = None  # float32 [identities, 4], for the demo's trait head


def build_corpus(
    manifest: Path, samples: list[Sample], cache: Path, min_frames: int, progress: Progress
) -> Corpus:
    """Identities with both voices and faces (as the official code intersects names).

    Missing, empty and unreadable files are all gathered and reported in one error.
    """
    train = [sample for sample in samples if sample.split == "train"]
    if not train:
        raise InputError(manifest, "has no samples with split 'train'")
    problems = FileProblems()
    train = [sample for sample in train if problems.check(sample)]
    voiced = {s.speaker for s in train if s.audio}
    pictured = {s.speaker for s in train if s.face}
    names = sorted(voiced & pictured)
    if not names:
        raise InputError(manifest, "no training identity has both audio and a face")
    label = {name: index for index, name in enumerate(names)}
    audio = [s for s in train if s.audio and s.speaker in label]
    faces = [s for s in train if s.face and s.speaker in label]
    features = _voice_features(audio, cache, min_frames, progress, problems)
    _check_faces(faces, problems)
    problems.raise_if_any(
        manifest,
        sum((s.audio is not None) + (s.face is not None) for s in samples if s.split == "train"),
    )
    return Corpus(
        names,
        features,
        [label[s.speaker] for s in audio],
        [s.face for s in faces],
        [label[s.speaker] for s in faces],
    )


def _voice_features(
    audio: list[Sample], cache: Path, min_frames: int, progress: Progress, problems: FileProblems
) -> list[np.ndarray]:
    cache.mkdir(parents=True, exist_ok=True)
    features = []
    for index, sample in enumerate(audio):
        progress.update(index / len(audio), f"voice features {index + 1}/{len(audio)}")
        path = cache / f"{_cache_key(sample.audio, min_frames)}.npy"
        if path.is_file():
            features.append(np.load(path))
            continue
        try:
            mel = clip_features(read_audio(sample.audio), min_frames=min_frames)
        except InputError as error:
            problems.add("unreadable audio", sample.audio, error.reason)
            continue
        buffer = io.BytesIO()
        np.save(buffer, mel)
        write_bytes_atomically(path, buffer.getvalue())
        features.append(mel)
    progress.update(1.0, "voice features ready")
    return features


def _cache_key(path: Path, min_frames: int) -> str:
    stat = path.stat()
    text = json.dumps([str(path.resolve()), stat.st_size, stat.st_mtime_ns, min_frames])
    return hashlib.sha1(text.encode()).hexdigest()


def _check_faces(faces: list[Sample], problems: FileProblems) -> None:
    from PIL import Image, UnidentifiedImageError

    for sample in faces:
        try:
            with Image.open(sample.face) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            problems.add("unreadable face", sample.face, f"not a readable image: {error}")


def load_face(path: Path) -> np.ndarray:
    """float32 [3, 64, 64] in [-1, 1]."""
    from PIL import Image

    with Image.open(path) as image:
        rgb = image.convert("RGB")
        if rgb.size != (FACE_SIZE, FACE_SIZE):
            rgb = rgb.resize((FACE_SIZE, FACE_SIZE), Image.BICUBIC)
        pixels = np.asarray(rgb, dtype=np.float32).transpose(2, 0, 1)
    return (pixels - 127.5) / 127.5


class VoiceCrops(Dataset):
    """Random ``max_frames`` windows of each utterance (the collate cuts them shorter)."""

    def __init__(self, corpus: Corpus, max_frames: int) -> None:
        self.corpus = corpus
        self.max_frames = max_frames

    def __len__(self) -> int:
        return len(self.corpus.voices)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, int]:
        mel = self.corpus.voices[index]
        start = int(torch.randint(mel.shape[1] - self.max_frames + 1, ()).item())
        crop = torch.from_numpy(np.ascontiguousarray(mel[:, start : start + self.max_frames]))
        return crop, self.corpus.voice_labels[index]


class VoicesAndFaces(Dataset):
    """Voice crops paired with faces drawn independently of them, for the GAN's two batches
    (and, with ``own_faces``, a face of each voice's own identity, for a pixel term).

    Item ``i`` takes voice ``i mod V`` and face ``(i * stride) mod F`` with a stride coprime to
    F: the shuffled sampler then visits voices and faces in unrelated orders.
    """

    def __init__(
        self, corpus: Corpus, max_frames: int, flip: bool, own_faces: bool = False
    ) -> None:
        self.voices = VoiceCrops(corpus, max_frames)
        self.corpus = corpus
        self.flip = flip
        self.stride = _coprime_stride(len(corpus.faces))
        self.own_faces = own_faces  # also a face of the voice's identity (the pixel term)
        self.faces_of: dict[int, list[int]] = {}
        for index, label in enumerate(corpus.face_labels):
            self.faces_of.setdefault(label, []).append(index)

    def __len__(self) -> int:
        return max(len(self.voices), len(self.corpus.faces))

    def __getitem__(self, index: int):
        voice, voice_label = self.voices[index % len(self.voices)]
        face_index = (index * self.stride) % len(self.corpus.faces)
        face = torch.from_numpy(load_face(self.corpus.faces[face_index]))
        if self.flip and torch.rand(()) < 0.5:
            face = face.flip(2)
        item = (voice, voice_label, face, self.corpus.face_labels[face_index])
        if not self.own_faces:
            return item
        faces = self.faces_of[voice_label]
        own = faces[int(torch.randint(len(faces), ()).item())]
        return (*item, torch.from_numpy(load_face(self.corpus.faces[own])))


def _coprime_stride(n: int) -> int:
    stride = max(1, int(n * 0.618))
    while np.gcd(stride, n) != 1:
        stride += 1
    return stride


def crop_collate(min_frames: int, max_frames: int):
    """Stack items, then cut every voice to one length drawn per batch (the official collate)."""

    def collate(batch):
        columns = list(zip(*batch))
        length = int(torch.randint(min_frames, max_frames + 1, ()).item())
        start = int(torch.randint(max_frames - length + 1, ()).item())
        voices = torch.stack(columns[0])[..., start : start + length]
        rest = [
            torch.stack(c) if isinstance(c[0], torch.Tensor) else torch.tensor(c)
            for c in columns[1:]
        ]
        return (voices, *rest)

    return collate
