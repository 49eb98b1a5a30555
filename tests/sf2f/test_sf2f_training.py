"""The SF2F recipe: loss assembly, stage-2 freezing, determinism, the paper's optimiser
settings (spec checks 7, 8, 9, 11), and both stages end to end on a tiny synthetic corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from studio.cli.main import main
from studio_sf2f.model import SF2F
from studio_sf2f.networks import DecoderConfig, EncoderConfig, FuserConfig
from studio_sf2f.training import losses
from studio_sf2f.training.settings import resolve
from studio_sf2f.training.stages import (
    SegmentGenerator,
    critic_step,
    critics,
    freeze_for_stage_two,
    fuser_step,
    generator_terms,
)

TINY_SETTINGS = {
    "preset": "demo",
    "branch_channels": "4,4,4,4,128",  # the app's latent is 512-d: 4 branches x 128
    "decoder_channels": "16,8,8,8,8,8",
    "discriminator_channels": "4,8,8",
    "discriminator_hidden": "16",
    "resolutions": "64",  # small pictures keep these steps fast (the demo draws 128)
}


def tiny_parts(seed: int = 0, identities: int = 3):
    settings = resolve(TINY_SETTINGS)
    torch.manual_seed(seed)
    model = SF2F(
        EncoderConfig(branch_channels=(4, 4, 4, 4, 8)),
        FuserConfig(32),
        DecoderConfig(embedding=32, channels=(16, 8, 8, 8, 8, 8)),
    )
    return settings, model, critics(settings, identities)


def batch(seed: int = 1, segments: int | None = None):
    generator = torch.Generator().manual_seed(seed)
    shape = (4, 40, 100) if segments is None else (4, segments, 40, 100)
    mel = torch.randn(shape, generator=generator)
    faces = {64: torch.rand(4, 3, 64, 64, generator=generator) * 2 - 1}
    return mel, torch.tensor([0, 1, 2, 1]), faces


def test_paper_settings_are_the_defaults():
    settings = resolve({})
    assert (settings.lr, settings.beta1, settings.beta2) == (5e-4, 0.9, 0.98)
    assert settings.batch_size == 256 and settings.fuser_batch_size == 256
    assert (settings.steps, settings.fuser_steps) == (120_000, 360)
    weights = (settings.l1_weight, settings.adversarial_weight)
    assert weights + (settings.identity_weight, settings.perceptual_weight) == (10, 1, 0.05, 100)
    assert (settings.min_seconds, settings.max_seconds) == (1.0, 1.5)
    assert (settings.fused_min_seconds, settings.fused_max_seconds) == (6.0, 25.0)


def test_identical_images_have_zero_l1_and_perceptual_loss_and_the_sum_is_weighted():
    image = torch.rand(2, 3, 64, 64)
    embedder = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3 * 64 * 64, 8))
    assert losses.l1(image, image) == 0
    assert losses.perceptual(embedder, image, image) == 0
    terms = {name: torch.rand(()) for name in ("l1", "adversarial", "identity", "perceptual")}
    total = losses.conjugated(terms, losses.Weights())
    by_hand = (
        10 * terms["l1"]
        + terms["adversarial"]
        + 0.05 * terms["identity"]
        + 100 * terms["perceptual"]
    )
    assert torch.allclose(total, by_hand)


def test_stage_two_changes_only_the_fuser():
    _settings, model, critic = tiny_parts()
    freeze_for_stage_two(model, critic)
    frozen = {
        name: value.clone()
        for part in ("encoder", "decoder")
        for name, value in getattr(model, part).state_dict(prefix=f"{part}.").items()
    } | {name: value.clone() for name, value in critic.state_dict(prefix="critic.").items()}
    fuser_before = {k: v.clone() for k, v in model.fuser.state_dict().items()}
    optimizer = torch.optim.Adam(model.fuser.parameters(), lr=5e-4, betas=(0.9, 0.98))
    mels, labels, faces = batch(segments=5)
    fuser_step(model, critic, optimizer, mels, labels, faces, losses.Weights())
    after = model.state_dict(prefix="")
    after = {f"{k}": v for k, v in after.items()} | critic.state_dict(prefix="critic.")
    for name, value in frozen.items():
        assert torch.equal(after[name], value), name  # weights and BatchNorm statistics
    for name, value in model.fuser.state_dict().items():
        assert not torch.equal(value, fuser_before[name]), name  # W_a, W_f, b_f all move


def two_steps(seed: int) -> dict[str, torch.Tensor]:
    _settings, model, critic = tiny_parts(seed)
    generator = SegmentGenerator(model)
    opt_g = torch.optim.Adam(generator.parameters(), lr=5e-4, betas=(0.9, 0.98))
    opt_d = torch.optim.Adam(critic.parameters(), lr=5e-4, betas=(0.9, 0.98))
    for step in range(2):
        mel, labels, faces = batch(seed=10 + step)
        fake = generator(mel)
        critic_step(critic, opt_d, faces, fake, labels)
        loss = losses.conjugated(generator_terms(critic, faces, fake, labels), losses.Weights())
        opt_g.zero_grad()
        loss.backward()
        opt_g.step()
    return model.state_dict() | critic.state_dict(prefix="critic.")


def test_two_training_steps_from_one_seed_give_identical_weights():
    first, second = two_steps(0), two_steps(0)
    assert all(torch.equal(first[k], second[k]) for k in first)
    other = two_steps(1)
    assert not all(torch.equal(first[k], other[k]) for k in first)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    args = ["demo-data", "voices-faces", "--out", str(folder), "--speakers", "5"]
    assert main([*args, "--seed", "3", "--utterances", "2", "--face-style", "drawn"]) == 0
    return folder / "manifest.jsonl"


def test_both_stages_train_export_and_generate(corpus, tmp_path):
    settings = [f"--set={k}={v}" for k, v in TINY_SETTINGS.items()]
    settings += ["--set=batch_size=4", "--set=steps=3", "--set=fuser_batch_size=2"]
    settings += ["--set=fuser_steps=2", "--set=fused_max_seconds=8", "--set=checkpoint_every=2"]
    out = tmp_path / "run"
    command = ["train", "sf2f:voice-to-face", "--data", str(corpus), "--out", str(out)]
    assert main([*command, *settings, "--export", "tiny", "--device", "cpu"]) == 0
    assert (out / "stage1" / "metrics.csv").is_file() and (out / "stage2" / "metrics.csv").is_file()
    audio = sorted(corpus.parent.glob("audio/*/*.wav"))[0]
    image = tmp_path / "face.png"
    generate = ["generate", "sf2f:voice-to-face", "--weights", "tiny", "--audio", str(audio)]
    generate += ["--set", "resolution=64"]  # what these weights draw (the default is 128)
    assert main([*generate, "-o", str(image)]) == 0
    assert image.stat().st_size > 0
