"""Training data in memory: mels at 24 kHz, faces at the model's size, speaker and gender codes.

Rows come from a JSONL manifest (``studio.ml.manifest``). Gender codes g (0 male, 1 female)
come from the ``genders.json`` the dataset adapters write beside it (``datasets.py``), or, for
the synthetic voices-faces corpus, from its ``speakers.json`` (the low register reads as male,
the high as female). Only rows with both audio and face (audio-visual pairs, on which L_csc
applies, Table 1) are loaded; the step handles image-only rows (speaker -1), but mixing the
single-modality manifests (VCTK, CelebA-HQ) into batches is not implemented yet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from studio.api import Image, InputError, StudioError
from studio.ml.audio import read_audio
from studio.ml.manifest import read_manifest

from ..frontend import MelFrontEnd, speech_wave
from ..inputs import face_tensor

# Between the synthetic corpus's two F0 registers (112 and 192 Hz centres).
REGISTER_SPLIT_HZ = 146.0


@dataclass
class Corpus:
    mels: list[torch.Tensor]  # (80, T) each
    faces: torch.Tensor  # (N, 3, S, S)
    speaker: torch.Tensor  # (N,) index into names
    gender: torch.Tensor  # (N,)
    names: list[str]

    def rows_of(self, speaker: int) -> np.ndarray:
        return np.flatnonzero(self.speaker.numpy() == speaker)


def genders_from_corpus(manifest: Path) -> dict[str, int]:
    """Gender codes from the dataset adapters' ``genders.json`` or the synthetic corpus's
    ``speakers.json`` beside the manifest."""
    adapters = manifest.parent / "genders.json"
    if adapters.is_file():
        from ..datasets import GENDERS

        return {k: GENDERS.index(v) for k, v in json.loads(adapters.read_text()).items()}
    speakers = manifest.parent / "speakers.json"
    if not speakers.is_file():
        return {}
    people = json.loads(speakers.read_text())["speakers"]
    return {p["id"]: int(p["f0_hz"] >= REGISTER_SPLIT_HZ) for p in people}


def load_corpus(manifest: Path, split: str, image_size: int, limit: int | None = None) -> Corpus:
    samples = [s for s in read_manifest(manifest) if s.split == split]
    genders = genders_from_corpus(manifest)
    front_end = MelFrontEnd()
    names = sorted({s.speaker for s in samples})
    if limit:
        names = names[:limit]
    index = {name: i for i, name in enumerate(names)}
    mels, faces, speakers, gender = [], [], [], []
    for sample in samples:
        if sample.speaker not in index or sample.audio is None or sample.face is None:
            continue
        if sample.speaker not in genders:
            raise StudioError(f"{manifest}: no gender code for speaker {sample.speaker}")
        with torch.no_grad():
            mels.append(
                front_end(speech_wave(read_audio(sample.audio), str(sample.audio))[None])[0]
            )
        faces.append(face_tensor(read_face(sample.face), str(sample.face), image_size)[0])
        speakers.append(index[sample.speaker])
        gender.append(genders[sample.speaker])
    if not mels:
        raise InputError(manifest, f"no audio-visual rows in split {split!r}")
    return Corpus(mels, torch.stack(faces), torch.tensor(speakers), torch.tensor(gender), names)


def read_face(path: Path) -> Image:
    from PIL import Image as PILImage

    try:
        with PILImage.open(path) as picture:
            return Image(np.asarray(picture.convert("RGB")).copy())
    except OSError as error:
        raise InputError(path, f"not a readable image ({error})") from None


class Batches:
    """Random batches of distinct speakers, references from other speakers, a second reference
    of the same speaker as the first (SG2's x_ref2 is of the same target domain).

    Batch ``i`` is drawn from its own random stream seeded by ``(seed, i)``: ``batches[i]``
    is the same batch in a fresh run and in one resumed from a checkpoint, which is what lets
    the training toolkit serve them (one item per step) and skip those already trained on.
    """

    def __init__(
        self, corpus: Corpus, batch: int, crop: int, seed: int, steps: int, csc_pairs: int = 0
    ) -> None:
        self.corpus, self.batch, self.crop, self.seed = corpus, batch, crop, seed
        self.steps, self.csc_pairs = steps, csc_pairs
        self.speakers = len(corpus.names)
        if self.speakers < 2:
            raise StudioError("training needs at least two speakers")

    def __len__(self) -> int:
        return self.steps

    def __getitem__(self, index: int) -> dict[str, torch.Tensor]:
        return _Draw(self, np.random.default_rng([self.seed, index])).batch()


def first_item(items: list):
    """``collate_fn`` for a loader of whole batches (batch_size 1): the batch itself."""
    return items[0]


class _Draw:
    """One batch drawn from ``rng``."""

    def __init__(self, batches: Batches, rng: np.random.Generator) -> None:
        self.corpus, self.crop, self.rng = batches.corpus, batches.crop, rng
        self.size, self.speakers = batches.batch, batches.speakers
        self.csc_pairs = batches.csc_pairs

    def _crop(self, mel: torch.Tensor) -> torch.Tensor:
        frames = mel.shape[-1]
        if frames < self.crop:  # edge-pad short clips
            mel = torch.cat([mel, mel[:, -1:].expand(-1, self.crop - frames)], dim=1)
            frames = self.crop
        start = int(self.rng.integers(0, frames - self.crop + 1))
        return mel[:, start : start + self.crop]

    def _rows(self, speakers: np.ndarray) -> np.ndarray:
        return np.array([self.rng.choice(self.corpus.rows_of(s)) for s in speakers])

    def _take(self, rows: np.ndarray, prefix: str) -> dict[str, torch.Tensor]:
        c = self.corpus
        other = np.array([self.rng.choice(c.rows_of(int(c.speaker[r]))) for r in rows])
        return {
            f"{prefix}mel": torch.stack([self._crop(c.mels[r]) for r in rows])[:, None],
            f"{prefix}face": c.faces[other],  # another picture of the same person
            f"{prefix}gender": c.gender[rows],
            f"{prefix}speaker": c.speaker[rows],
        }

    def batch(self) -> dict[str, torch.Tensor]:
        n = min(self.size, self.speakers)
        source = self.rng.choice(self.speakers, n, replace=False)
        reference = (source + self.rng.integers(1, self.speakers, n)) % self.speakers
        batch = self._take(self._rows(source), "")
        batch.update(self._take(self._rows(reference), "ref_"))
        second = self._take(self._rows(reference), "ref2_")
        batch["ref2_mel"], batch["ref2_face"] = second["ref2_mel"], second["ref2_face"]
        batch["paired"] = torch.ones(n, dtype=torch.bool)
        if self.csc_pairs:  # L_csc's own N pairs of N speakers (drawn last: the rest is as before)
            speakers = self.rng.choice(self.speakers, min(self.csc_pairs, self.speakers), False)
            pairs = self._take(self._rows(speakers), "csc_")
            batch.update({k: pairs[k] for k in ("csc_mel", "csc_face", "csc_gender")})
        return batch
