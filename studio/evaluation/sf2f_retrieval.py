"""The SF2F paper's retrieval protocol on held-out synthetic speakers, for its demo model.

100 speakers the model never saw (another corpus seed) give 100 gallery identities, as the
paper's random-chance row implies. Each speaker's utterances, end to end, are its "global
audio"; from it we cut random pieces of the lengths the paper compares (Table 3): 1.25 s
through the encoder alone (single segment), and 5 s both through the encoder alone (no fuser)
and cut into windows and fused (SF2F). Every piece becomes a face.

The face embedding is the avatars' trait measurements (``studio.demodata.avatar_measure``:
skin lightness, eye spacing, hair lightness and the hair beside the face), each standardised
over the true avatars, then L2-normalised: it plays FaceNet's part, and it reads exactly the
traits the voices carry. A measure a generated face does not let be read (NaN) counts as the
true avatars' mean.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .retrieval import KS, cosine, identity_embeddings, normalise, recall_at_k

EVAL_SEED = 2  # the demo model is trained on corpus seed 1: these speakers are new to it
GENERATOR = "sf2f:voice-to-face"
# name -> (seconds per piece, params)
CONDITIONS = {
    "single segment 1.25 s": (1.25, {"fuser": False}),
    "no fuser 5 s": (5.0, {"fuser": False}),
    "fused 5 s": (5.0, {"fuser": True}),
    "fused 15 s": (15.0, {"fuser": True}),
}


STABILITY_SECONDS = (1.25, 2.5, 5.0, 10.0, 20.0)


@dataclass
class RetrievalReport:
    rows: dict[str, dict[str, float]]  # condition -> {"cosine", "R@1", ...} (recall in %)
    speakers: int
    pieces: int
    # seconds of audio -> mean |face - face from all the speaker's audio| in grey levels
    stability: dict[float, float] = field(default_factory=dict)

    def as_record(self) -> dict:
        return {
            "gallery_identities": self.speakers,
            "pieces_per_identity": self.pieces,
            "rows": {
                name: {k: round(v, 3) for k, v in row.items()} for name, row in self.rows.items()
            },
            "face_change_from_full_audio_by_seconds": {
                str(k): round(v, 2) for k, v in self.stability.items()
            },
        }

    def __str__(self) -> str:
        lines = [
            f"retrieval over {self.speakers} held-out synthetic identities "
            f"({self.pieces} pieces each; face-attribute embedding; random R@5 = 5.00)"
        ]
        for name, row in self.rows.items():
            recalls = " ".join(f"R@{k} {row[f'R@{k}']:5.2f}" for k in KS)
            lines.append(f"  {name:<22} cosine {row['cosine']:.3f}  {recalls}")
        if self.stability:
            steps = ", ".join(f"{k:g} s {v:.1f}" for k, v in self.stability.items())
            lines.append(
                f"  fused face vs the face from all the audio (mean |diff|, 0-255): {steps}"
            )
        return "\n".join(lines)


def attribute_vector(pixels: np.ndarray) -> np.ndarray:
    from studio.demodata.avatar_measure import REGISTER_MEASURE, TRAITS, measure_avatar

    measured = measure_avatar(pixels)
    return np.array([measured[name] for name in (*TRAITS.values(), REGISTER_MEASURE)])


class AttributeEmbedding:
    """Face measurements standardised by the true faces' statistics, then unit length."""

    def __init__(self, true_vectors: np.ndarray) -> None:
        self.mean = np.nanmean(true_vectors, axis=0)
        self.scale = np.nanstd(true_vectors, axis=0) + 1e-9

    def __call__(self, vectors: np.ndarray) -> np.ndarray:
        standard = (np.asarray(vectors) - self.mean) / self.scale
        return normalise(np.nan_to_num(standard, nan=0.0))


def evaluate_sf2f_demo(
    weights: Path | str,
    speakers: int = 100,
    utterances: int = 4,
    pieces: int = 2,
    seed: int = EVAL_SEED,
    conditions: dict = CONDITIONS,
) -> RetrievalReport:
    """Build a held-out corpus and run the protocol on the SF2F weights in ``weights``."""
    from studio.demodata.corpus import build_voices_faces

    with tempfile.TemporaryDirectory(prefix="persona-eval-") as folder:
        manifest = build_voices_faces(
            folder,
            speakers=speakers,
            seed=seed,
            utterances_per_speaker=utterances,
            faces_per_speaker=utterances,
            heldout_fraction=0.0,
            face_style="avatar",
            workers=2,
        )
        return evaluate(manifest, weights, pieces, seed, conditions)


def evaluate(
    manifest: Path, weights: Path | str, pieces: int = 2, seed: int = 0, conditions=CONDITIONS
) -> RetrievalReport:
    from studio.api import AudioClip, silent
    from studio.audio.io import read_audio
    from studio.engine import Engine
    from studio.host import PluginHost
    from studio.ml.evaluation.faces import face_pixels
    from studio.ml.manifest import read_manifest
    from studio.weights import ModelStore

    samples = read_manifest(manifest)
    names = sorted({s.speaker for s in samples})
    label = {name: index for index, name in enumerate(names)}
    faces = {s.face for s in samples}
    true_vectors, true_labels = [], []
    for path in sorted(faces):
        true_vectors.append(attribute_vector(face_pixels(path)))
        true_labels.append(label[path.parent.name])
    embed = AttributeEmbedding(np.stack(true_vectors))
    gallery = identity_embeddings(embed(np.stack(true_vectors)), np.array(true_labels), len(names))

    engine = Engine(PluginHost(), ModelStore())
    info = engine.host.generator(GENERATOR)
    model, _ = engine.model(info, engine.weights(info, str(weights)), "cpu")
    base = engine.params_for(info, {}) | {"seed": 0}
    rate = 16000
    audio: dict[str, np.ndarray] = {}
    for sample in samples:
        if sample.audio and sample.speaker not in audio:
            parts = sorted({s.audio for s in samples if s.speaker == sample.speaker})
            audio[sample.speaker] = np.concatenate([read_audio(p).mono().samples[0] for p in parts])
    rng = np.random.default_rng(seed)
    rows = {}
    for name, (seconds, params) in conditions.items():
        generated, truth = [], []
        width = int(seconds * rate)
        for speaker in names:
            waveform = audio[speaker]
            for _ in range(pieces):
                start = int(rng.integers(max(waveform.size - width, 0) + 1))
                piece = _looped(waveform, start, width)
                clip = AudioClip(piece[None].astype(np.float32), rate)
                wanted = base | params
                latent = model.encode({"voice": clip}, wanted, silent())
                face = model.decode(latent, wanted, silent())
                generated.append(attribute_vector(face.pixels))
                truth.append(label[speaker])
        queries = embed(np.stack(generated))
        truth = np.array(truth)
        recalls = recall_at_k(queries, gallery, truth)
        rows[name] = {"cosine": float(np.mean(cosine(queries, gallery[truth])))} | {
            f"R@{k}": 100.0 * value for k, value in recalls.items()
        }
    stability = face_stability(model, base, [audio[name] for name in names], rate)
    return RetrievalReport(rows, len(names), pieces, stability)


def face_stability(model, params, recordings, rate, seconds=STABILITY_SECONDS):
    """How far the fused face from the first ``s`` seconds is from the one made from the whole
    recording, averaged over speakers: the face settles as the selection grows."""
    from studio.api import AudioClip, silent

    def face(samples: np.ndarray) -> np.ndarray:
        clip = AudioClip(samples[None].astype(np.float32), rate)
        latent = model.encode({"voice": clip}, params, silent())
        return model.decode(latent, params, silent()).pixels.astype(np.float64)

    changes: dict[float, list[float]] = {s: [] for s in seconds}
    for waveform in recordings:
        full = face(waveform)
        for s in seconds:
            if waveform.size > int(s * rate):
                changes[s].append(float(np.abs(face(waveform[: int(s * rate)]) - full).mean()))
    return {s: float(np.mean(v)) for s, v in changes.items() if v}


def _looped(waveform: np.ndarray, start: int, width: int) -> np.ndarray:
    """``width`` samples from ``start``, wrapping round when the recording is shorter."""
    indices = (start + np.arange(width)) % waveform.size
    return waveform[indices]
