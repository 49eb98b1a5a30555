"""Training data: manifest samples -> cached log-mels and in-memory faces, as torch datasets.

Each training utterance's raw log-mel is computed once with the inference front-end and cached
in the run folder; because the STFT is not centred, a window of the utterance is exactly a
slice of its frames, so segments are cut from the cache. The per-band statistics that
standardise the features are measured here, on the training utterances, and stored in the
exported config. Faces are read once, converted to RGB, resized to each trained resolution
and kept as uint8; every unreadable file is reported at once.
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

from ..features import FeatureConfig, LogMel, mono_waveform
from ..imaging import to_network


@dataclass
class Corpus:
    names: list[str]
    mels: list[np.ndarray]  # standardised float32 [40, frames] per utterance
    mel_labels: list[int]
    faces: dict[int, np.ndarray]  # resolution -> uint8 [N, 3, r, r]
    face_labels: list[int]
    features: FeatureConfig

    def faces_of(self, label: int) -> list[int]:
        return self._faces_by_label[label]

    def utterances_of(self, label: int) -> list[int]:
        return self._mels_by_label[label]

    def __post_init__(self) -> None:
        self._faces_by_label = _index(self.face_labels, len(self.names))
        self._mels_by_label = _index(self.mel_labels, len(self.names))


def _index(labels: list[int], count: int) -> list[list[int]]:
    found: list[list[int]] = [[] for _ in range(count)]
    for position, label in enumerate(labels):
        found[label].append(position)
    return found


def frames_for(seconds: float, features: FeatureConfig) -> int:
    samples = round(seconds * features.sample_rate)
    return 1 + (samples - features.n_fft) // features.hop_length  # frames span n_fft samples


def build_corpus(
    manifest: Path,
    samples: list[Sample],
    cache: Path,
    resolutions: tuple[int, ...],
    progress: Progress,
) -> Corpus:
    """Identities with both voices and faces; their features standardised by corpus statistics."""
    train = [sample for sample in samples if sample.split == "train"]
    if not train:
        raise InputError(manifest, "has no samples with split 'train'")
    problems = FileProblems()
    train = [sample for sample in train if problems.check(sample)]
    names = sorted({s.speaker for s in train if s.audio} & {s.speaker for s in train if s.face})
    if not names:
        raise InputError(manifest, "no training identity has both audio and a face")
    label = {name: index for index, name in enumerate(names)}
    audio = [s for s in train if s.audio and s.speaker in label]
    faces = [s for s in train if s.face and s.speaker in label]
    features = FeatureConfig()
    raw, kept = _raw_mels(audio, cache, features, progress, problems)
    pixels = _faces(faces, resolutions, problems)
    problems.raise_if_any(
        manifest,
        sum((s.audio is not None) + (s.face is not None) for s in samples if s.split == "train"),
    )
    frames = np.concatenate(raw, axis=1)
    mean, std = frames.mean(axis=1), frames.std(axis=1) + 1e-5
    features = FeatureConfig(mean=tuple(map(float, mean)), std=tuple(map(float, std)))
    mels = [((mel - mean[:, None]) / std[:, None]).astype(np.float32) for mel in raw]
    return Corpus(
        names,
        mels,
        [label[s.speaker] for s in kept],
        pixels,
        [label[s.speaker] for s in faces],
        features,
    )


def _raw_mels(
    audio: list[Sample],
    cache: Path,
    features: FeatureConfig,
    progress: Progress,
    problems: FileProblems,
) -> tuple[list[np.ndarray], list[Sample]]:
    cache.mkdir(parents=True, exist_ok=True)
    front = LogMel(features)
    mels, kept = [], []
    for index, sample in enumerate(audio):
        progress.update(index / len(audio), f"voice features {index + 1}/{len(audio)}")
        path = cache / f"{_cache_key(sample.audio, features)}.npy"
        if path.is_file():
            mels.append(np.load(path))
            kept.append(sample)
            continue
        try:
            waveform = mono_waveform(read_audio(sample.audio), features)
        except InputError as error:
            problems.add("unreadable audio", sample.audio, error.reason)
            continue
        with torch.no_grad():
            mel = front.raw(torch.from_numpy(waveform)[None])[0].numpy().astype(np.float32)
        buffer = io.BytesIO()
        np.save(buffer, mel)
        write_bytes_atomically(path, buffer.getvalue())
        mels.append(mel)
        kept.append(sample)
    progress.update(1.0, "voice features ready")
    return mels, kept


def _cache_key(path: Path, features: FeatureConfig) -> str:
    stat = path.stat()
    text = json.dumps([str(path.resolve()), stat.st_size, stat.st_mtime_ns, features.as_dict()])
    return hashlib.sha1(text.encode()).hexdigest()


def _faces(
    faces: list[Sample], resolutions: tuple[int, ...], problems: FileProblems
) -> dict[int, np.ndarray]:
    from PIL import Image, UnidentifiedImageError

    arrays: dict[int, list[np.ndarray]] = {size: [] for size in resolutions}
    for sample in faces:
        try:
            with Image.open(sample.face) as image:
                rgb = image.convert("RGB")
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            problems.add("unreadable face", sample.face, f"not a readable image: {error}")
            continue
        for size in resolutions:
            resized = rgb if rgb.size == (size, size) else rgb.resize((size, size), Image.BICUBIC)
            arrays[size].append(np.asarray(resized, dtype=np.uint8).transpose(2, 0, 1))
    return {
        size: np.stack(items) if items else np.zeros((0, 3, size, size), np.uint8)
        for size, items in arrays.items()
    }


def _random_face(corpus: Corpus, label: int, flip: bool) -> dict[int, torch.Tensor]:
    options = corpus.faces_of(label)
    pick = options[int(torch.randint(len(options), ()).item())]
    mirror = flip and bool(torch.rand(()) < 0.5)
    faces = {}
    for size, pixels in corpus.faces.items():
        face = to_network(pixels[pick])
        faces[size] = face.flip(-1) if mirror else face
    return faces


class _WithFaces(Dataset):
    """Items are (audio frames, identity, a random face of that identity per resolution)."""

    def __init__(self, corpus: Corpus, flip: bool) -> None:
        self.corpus = corpus
        self.flip = flip

    def _item(self, mel: torch.Tensor, label: int):
        return mel, label, _random_face(self.corpus, label, self.flip)


def _labels_and_faces(batch) -> tuple[torch.Tensor, dict[int, torch.Tensor]]:
    labels = torch.tensor([item[1] for item in batch])
    faces = {size: torch.stack([item[2][size] for item in batch]) for size in batch[0][2]}
    return labels, faces


class Segments(_WithFaces):
    """Stage 1: an utterance (cut later to one 1-1.5 s segment) with a face of its speaker."""

    def __len__(self) -> int:
        return len(self.corpus.mels)

    def __getitem__(self, index: int):
        label = self.corpus.mel_labels[index]
        return self._item(torch.from_numpy(self.corpus.mels[index]), label)


def segment_collate(min_frames: int, max_frames: int):
    """One segment length per batch (drawn in [min, max]), a random start per utterance."""

    def collate(batch):
        length = int(torch.randint(min_frames, max_frames + 1, ()).item())
        mels = []
        for mel, _, _ in batch:
            mel = _at_least(mel, length)
            start = int(torch.randint(mel.shape[1] - length + 1, ()).item())
            mels.append(mel[:, start : start + length])
        return (torch.stack(mels), *_labels_and_faces(batch))

    return collate


def _at_least(mel: torch.Tensor, frames: int) -> torch.Tensor:
    """Tile a too-short recording (as a loop) so it covers ``frames``."""
    if mel.shape[1] >= frames:
        return mel
    return mel.repeat(1, -(-frames // mel.shape[1]))


class SpeakerAudio(_WithFaces):
    """Stage 2: all of a speaker's utterances end to end ("global audio"), with one face."""

    def __len__(self) -> int:
        return len(self.corpus.names)

    def __getitem__(self, label: int):
        order = torch.randperm(len(self.corpus.utterances_of(label))).tolist()
        utterances = self.corpus.utterances_of(label)
        mel = torch.cat([torch.from_numpy(self.corpus.mels[utterances[i]]) for i in order], 1)
        return self._item(mel, label)


def window_starts(count: int, window: int, overlap: float = 0.5) -> list[int]:
    hop = window * (1 - overlap)
    return [round(k * hop) for k in range(count)]


def fused_collate(window: int, min_segments: int, max_segments: int):
    """T windows of ``window`` frames at 50% overlap from each speaker's audio, one T per batch
    (T windows of 1.25 s span 6-25 s of speech for T = 8..39)."""

    def collate(batch):
        count = int(torch.randint(min_segments, max_segments + 1, ()).item())
        starts = window_starts(count, window)
        span = starts[-1] + window
        items = []
        for mel, _, _ in batch:
            mel = _at_least(mel, span)
            offset = int(torch.randint(mel.shape[1] - span + 1, ()).item())
            items.append(torch.stack([mel[:, offset + s : offset + s + window] for s in starts]))
        return (torch.stack(items), *_labels_and_faces(batch))

    return collate
