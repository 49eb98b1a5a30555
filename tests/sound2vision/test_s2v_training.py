"""The recipe on a tiny synthetic corpus: the demo path trains f_V, G and f_A; with frozen
f_V and G only f_A changes. And the VGGSound/VEGAS-style manifest adapter."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image

from studio.api import AudioClip, InputError, TrainRequest
from studio.audio.io import write_audio
from studio.demodata.sound_scenes import build_sounds_scenes
from studio.ml.datasets.vggsound import build_samples
from studio.ml.manifest import write_manifest
from studio.weights import ModelStore
from studio_sound2vision.layout import split_entry
from studio_sound2vision.train import main

TINY = {
    "preset": "demo",
    "scene_steps": "3",
    "scene_batch_size": "4",
    "epochs": "1",
    "batch_size": "8",
    "checkpoint_every": "50",
    "log_every": "1",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build_sounds_scenes(
        tmp_path_factory.mktemp("corpus"), items=24, seed=4, heldout_fraction=0.25
    )


def test_the_demo_recipe_trains_and_the_frozen_recipe_trains_only_the_audio_encoder(
    corpus, tmp_path
):
    first = main(TrainRequest(corpus, tmp_path / "run", TINY, device="cpu"))
    recipe = json.loads((tmp_path / "run" / "recipe.json").read_text())
    assert recipe["train"] + recipe["validation"] == 18 and recipe["steps"] >= 1
    assert (tmp_path / "run" / "audio" / "metrics.csv").is_file()
    ref = ModelStore().add("sound2vision", "tiny", first)
    frozen = dict(TINY, frozen=str(ref.directory), seed="1")
    second = main(TrainRequest(corpus, tmp_path / "run2", frozen, device="cpu"))
    before, after = split_entry(first.tensors), split_entry(second.tensors)
    for part in ("image", "generator"):
        assert before[part].keys() == after[part].keys()
        assert all(torch.equal(before[part][k], after[part][k]) for k in before[part])
    changed = [k for k in before["audio"] if not torch.equal(before["audio"][k], after["audio"][k])]
    assert changed  # f_A trained again (another seed)


def test_the_vggsound_layout_becomes_a_manifest(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "audios").mkdir()
    for stem in ("1XjwssJT_ok_25000_35000", "abc_1000_11000"):
        Image.new("RGB", (8, 8)).save(tmp_path / "images" / f"{stem}.jpg")
        write_audio(
            tmp_path / "audios" / f"{stem}.wav", AudioClip(np.zeros(1600, np.float32), 16000)
        )
    samples = build_samples(tmp_path, split="test")
    assert [s.speaker for s in samples] == ["1XjwssJT_ok_25000_35000", "abc_1000_11000"]
    assert all(
        s.face.suffix == ".jpg" and s.audio.suffix == ".wav" and s.split == "test" for s in samples
    )
    write_manifest(tmp_path / "manifest.jsonl", samples)
    Image.new("RGB", (8, 8)).save(tmp_path / "images" / "lonely.jpg")
    with pytest.raises(InputError, match="1 stems have an image or a sound but not both: lonely"):
        build_samples(tmp_path)
    assert len(build_samples(tmp_path, allow_unpaired=True)) == 2


def test_training_draws_each_clip_at_its_gain_variants_and_validates_at_0_db(corpus):
    from studio.api import Progress
    from studio.audio.io import read_audio
    from studio.ml.manifest import read_manifest
    from studio_sound2vision.frontend import clip_spectrogram
    from studio_sound2vision.training.data import SoundFeaturePairs, spectrograms

    path = next(iter(read_manifest(corpus))).audio
    specs = spectrograms([path], Progress(), (0.0, 24.0))
    assert specs.shape == (2, 1, 257, 1004)
    loud = clip_spectrogram(read_audio(path), 24.0)
    np.testing.assert_allclose(specs[1, 0], loud, atol=2e-2)  # stored as float16
    assert np.abs(specs[1, 0].astype(np.float32) - specs[0, 0]).max() > 0.1  # clipped, floored
    features = torch.zeros(1, 4)
    torch.manual_seed(0)
    augmented = SoundFeaturePairs(specs, features, [0], augment=True)
    drawn = {float(augmented[0][0].sum()) for _ in range(20)}
    assert len(drawn) == 2
    plain = SoundFeaturePairs(specs, features, [0])
    assert torch.equal(plain[0][0][0], torch.from_numpy(specs[0, 0].astype(np.float32)))
