"""How well wen2019's voice embedding carries each avatar trait to speakers it never heard.

Trains stage 1 of the recipe (the speaker classifier, with or without the demo's trait head) on
a corpus from ``persona-studio demo-data voices-faces``, then fits a ridge regression from the
embeddings of its training speakers to their traits and prints the Spearman correlation of its
predictions for the held-out ("test" split) speakers, one line per trait:

    python plugins/wen2019/scripts/trait_probe.py CORPUS/manifest.jsonl RUN_DIR [NAME=VALUE ...]

e.g. ``... build/probe trait_weight=0`` for the paper's stage 1. About two minutes on two cores
for the demo preset's 3000 steps. A RUN_DIR that already holds a stage 1 (a demo build's
``run``) resumes it: a finished one is probed as it is, without training again.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import torch
from scipy.stats import spearmanr
from torch.nn import functional as F

from studio.api import Progress
from studio.ml.audio import read_audio
from studio.ml.manifest import read_manifest
from studio_wen2019.networks import VoiceEmbedNet
from studio_wen2019.training.data import build_corpus
from studio_wen2019.training.settings import resolve
from studio_wen2019.training.stages import train_embedding, voice_config
from studio_wen2019.training.traits import SPEAKERS_FILE, TRAITS, identity_traits
from studio_wen2019.voice_input import clip_features

TRAIN_TAKES, HELD_OUT_TAKES = 2, 4  # original (not augmented) takes averaged per speaker


def main() -> None:
    manifest, out = Path(sys.argv[1]), Path(sys.argv[2])
    settings = resolve({"preset": "demo", **dict(a.split("=", 1) for a in sys.argv[3:])})
    samples = read_manifest(manifest)
    corpus = build_corpus(manifest, samples, out / "features", settings.max_frames, Progress())
    if settings.trait_weight > 0:
        corpus.traits = identity_traits(manifest, corpus.names)
    resume = (out / "embedding").is_dir()
    net = VoiceEmbedNet(voice_config(settings))
    net.load_state_dict(train_embedding(settings, corpus, out / "embedding", resume, "cpu"))
    net.eval()
    speakers = json.loads((manifest.parent / SPEAKERS_FILE).read_text())["speakers"]
    by_id = {entry["id"]: entry for entry in speakers}

    def speaker_means(split: str, takes: int) -> tuple[np.ndarray, np.ndarray]:
        rows: dict[str, list[np.ndarray]] = {}
        for sample in samples:
            if sample.split != split or not sample.audio or "augmented" in sample.audio.parts:
                continue
            if len(rows.setdefault(sample.speaker, [])) < takes:
                mel = clip_features(read_audio(sample.audio), min_frames=settings.max_frames)
                with torch.no_grad():
                    embedding = F.normalize(net(torch.from_numpy(mel)[None]).flatten(1))
                rows[sample.speaker].append(embedding.numpy()[0])
        names = sorted(rows)
        truth = [[scale(float(by_id[n][key])) for key, scale in TRAITS] for n in names]
        return np.stack([np.mean(rows[n], axis=0) for n in names]), np.array(truth)

    train_x, train_y = speaker_means("train", TRAIN_TAKES)
    test_x, test_y = speaker_means("test", HELD_OUT_TAKES)
    design = np.c_[train_x, np.ones(len(train_x))]
    ridge = np.linalg.solve(design.T @ design + 1e-2 * np.eye(design.shape[1]), design.T @ train_y)
    predicted = np.c_[test_x, np.ones(len(test_x))] @ ridge
    for column, (key, _) in enumerate(TRAITS):
        rho = spearmanr(predicted[:, column], test_y[:, column])[0]
        print(f"{key}: Spearman {rho:+.3f} over {len(test_x)} held-out speakers")


if __name__ == "__main__":
    main()
