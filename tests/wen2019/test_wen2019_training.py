"""The wen2019 recipe end to end on a tiny synthetic corpus, as a user runs it: train, be
interrupted with Ctrl-C, resume, export into the model store, generate with the result."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from studio.cli.main import main
from studio_wen2019.training.settings import resolve
from studio_wen2019.training.stages import average_of, follow

TINY = [
    "--set",
    "preset=demo",
    "--set",
    "batch_size=8",
    "--set",
    "embedding_batch_size=8",
    "--set",
    "embedding_steps=6",
    "--set",
    "voice_channels=8,8,8,8",
    "--set",
    "generator_channels=16,8,8,8,8",
    "--set",
    "face_channels=4,4,8,8,8",
    "--set",
    "min_frames=40",
    "--set",
    "max_frames=80",
    "--set",
    "checkpoint_every=5",
    "--set",
    "log_every=5",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    assert (
        main(
            [
                "demo-data",
                "voices-faces",
                "--out",
                str(folder),
                "--speakers",
                "6",
                "--seed",
                "3",
                "--utterances",
                "2",
                "--face-style",
                "drawn",
            ]
        )
        == 0
    )
    return folder / "manifest.jsonl"


def train_args(corpus: Path, out: Path, *extra: str) -> list[str]:
    """``persona-studio train`` arguments for the tiny recipe."""
    return [
        "train",
        "wen2019:voice-to-face",
        "--data",
        str(corpus),
        "--out",
        str(out),
        *TINY,
        *extra,
    ]


def train_command(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "studio.cli", *train_args(corpus, out, *extra)]


def test_train_interrupt_resume_and_export(corpus, tmp_path):
    out = tmp_path / "run"
    child = subprocess.Popen(
        train_command(corpus, out, "--set", "steps=50"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, OMP_NUM_THREADS="1"),
    )
    checkpoint = out / "gan" / "checkpoints" / "last.pt"
    deadline = time.monotonic() + 240
    while not checkpoint.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert child.poll() is None, child.communicate()
    child.send_signal(signal.SIGINT)  # what Ctrl-C in the terminal does
    stdout, stderr = child.communicate(timeout=120)
    assert child.returncode == 130, stderr
    assert "interrupted at step" in stdout and "--resume" in stdout

    done = subprocess.run(
        train_command(corpus, out, "--set", "steps=50", "--resume", "--export", "mine"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "exported wen2019/mine" in done.stdout
    rows = (out / "gan" / "metrics.csv").read_text().splitlines()
    assert rows[-1].split(",")[0] == "50"

    face = tmp_path / "face.png"
    speech = corpus.parent / "audio" / "spk0000" / "0.wav"
    assert (
        main(
            [
                "generate",
                "wen2019:voice-to-face",
                "--audio",
                str(speech),
                "--weights",
                "mine",
                "-o",
                str(face),
            ]
        )
        == 0
    )
    assert face.is_file()


def test_starting_over_an_existing_run_needs_resume(corpus, tmp_path, capsys):
    again = train_args(corpus, tmp_path / "run", "--set", "steps=3")
    assert main(again) == 0
    assert main(again) == 2
    assert "--resume" in capsys.readouterr().err


def test_broken_files_in_the_manifest_are_reported_together(corpus, tmp_path, capsys):
    broken = tmp_path / "manifest.jsonl"
    lines = corpus.read_text().splitlines()
    root = corpus.parent
    text = "\n".join(
        line.replace('"audio/', f'"{root}/audio/').replace('"faces/', f'"{root}/faces/')
        for line in lines
    )
    text = text.replace(f"{root}/audio/spk0001/0.wav", f"{root}/audio/spk0001/missing.wav")
    (tmp_path / "notes.wav").write_text("not audio")
    text = text.replace(f"{root}/audio/spk0002/1.wav", str(tmp_path / "notes.wav"))
    broken.write_text(text + "\n")
    assert main(train_args(broken, tmp_path / "r")) == 2
    err = capsys.readouterr().err
    assert "1 missing audio, 1 unreadable audio" in err
    assert "missing.wav (missing)" in err and "notes.wav (" in err


# The demo preset's stabilisers (outside the paper, off in its preset): a pixel term towards a
# face of the voice's own identity (at full size or pooled), an exponential moving average of G
# that is exported, a trait head on the voice embedding in stage 1, and DiffAugment for D.


def test_the_paper_preset_has_no_stabiliser():
    paper = resolve({})
    assert paper.pixel_weight == 0.0 and paper.ema_decay == 0.0
    assert paper.trait_weight == 0.0 and not paper.diffaugment and paper.pixel_size == 64


def test_the_average_follows_the_live_weights():
    live = nn.Linear(3, 2)
    average = average_of(live)
    before = average.weight.detach().clone()
    with torch.no_grad():
        live.weight.add_(1.0)
    follow(average, live, decay=0.75)

    expected = 0.75 * before + 0.25 * live.weight.detach()
    assert torch.allclose(average.weight, expected)
    assert not average.weight.requires_grad


def test_the_pixel_term_is_trained_and_logged(corpus, tmp_path):
    out = tmp_path / "run"
    extra = ["--set", "steps=6", "--set", "pixel_weight=5", "--set", "ema_decay=0.9"]
    assert main(train_args(corpus, out, *extra, "--export", "stable")) == 0

    rows = list(csv.DictReader((out / "gan" / "metrics.csv").open()))
    assert rows and float(rows[-1]["loss_pixel"]) > 0


def test_the_trait_head_and_diffaugment_train_and_log(corpus, tmp_path):
    out = tmp_path / "run"
    extra = ["--set", "steps=4", "--set", "trait_weight=1", "--set", "diffaugment=true",
             "--set", "pixel_weight=5", "--set", "pixel_size=16"]  # fmt: skip
    assert main(train_args(corpus, out, *extra)) == 0

    rows = list(csv.DictReader((out / "embedding" / "metrics.csv").open()))
    assert rows and 0 < float(rows[-1]["loss_traits"]) < 10
    gan = list(csv.DictReader((out / "gan" / "metrics.csv").open()))
    assert gan and float(gan[-1]["loss_pixel"]) > 0


def test_the_trait_head_needs_the_corpus_speakers(corpus, tmp_path, capsys):
    import shutil

    copy = tmp_path / "corpus"
    shutil.copytree(corpus.parent, copy)
    (copy / "speakers.json").unlink()
    out = tmp_path / "run"
    assert main(train_args(copy / corpus.name, out, "--set", "trait_weight=1")) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "speakers.json" in err[0] and "trait" in err[0]


def test_identity_traits_are_standardised_in_the_corpus_order(corpus):
    import json

    from studio_wen2019.training.traits import identity_traits

    names = [
        entry["id"]
        for entry in json.loads((corpus.parent / "speakers.json").read_text())["speakers"]
    ]
    traits = identity_traits(corpus, names)
    assert traits.shape == (len(names), 4)
    assert np.allclose(traits.mean(axis=0), 0, atol=1e-5)
    assert np.allclose(traits.std(axis=0), 1, atol=1e-4)
    reversed_traits = identity_traits(corpus, names[::-1])
    assert np.allclose(reversed_traits, traits[::-1])


def test_diffaugment_shifts_and_cuts_real_and_generated_faces_alike():
    from studio_wen2019.training.diffaugment import diff_augment

    torch.manual_seed(0)
    faces = torch.rand(16, 3, 64, 64, requires_grad=True)
    assert torch.equal(diff_augment(faces, shift=0.0, cutout=0.0), faces)
    augmented = diff_augment(faces)
    assert augmented.shape == faces.shape
    zeros = (augmented == 0).all(dim=1).float().mean(dim=(1, 2))
    # a 32 px square (a quarter of the picture, less where it overhangs) plus the shifted-in edge
    assert (zeros > 0.05).all() and (zeros < 0.55).all()
    augmented.sum().backward()  # differentiable: G learns through it
    assert faces.grad is not None and faces.grad.abs().sum() > 0
    # a shift moves the picture: some row of a shifted face equals a neighbouring input row
    shifted = diff_augment(faces.detach(), shift=0.125, cutout=0.0)
    assert not torch.equal(shifted, faces.detach())


def test_the_smooth_start_upsamples_without_a_checkerboard():
    from studio_wen2019.networks import Generator, GeneratorConfig
    from studio_wen2019.training.smooth_init import smooth_upsampling_init

    torch.manual_seed(0)
    generator = Generator(GeneratorConfig(embedding=8, channels=(16, 8, 8, 8, 8)))
    layers = [m for m in generator.modules() if isinstance(m, nn.ConvTranspose2d)]
    stride_two = [m for m in layers if m.stride == (2, 2)]
    before = [m.weight.detach().clone() for m in stride_two]
    assert smooth_upsampling_init(generator) == 4

    for layer, old in zip(stride_two, before, strict=True):
        # the four output phases of a constant map agree away from the border
        flat = torch.ones(1, layer.in_channels, 6, 6)
        out = torch.nn.functional.conv_transpose2d(flat, layer.weight, None, 2, 1)[..., 2:-2, 2:-2]
        phases = torch.stack([out[..., i::2, j::2] for i in (0, 1) for j in (0, 1)])
        assert torch.allclose(phases, phases[:1].expand_as(phases), atol=1e-6)
        assert 0.3 < layer.weight.std() / old.std() < 3  # about the default scale
    default = Generator(GeneratorConfig(embedding=8, channels=(16, 8, 8, 8, 8)))
    flat = torch.ones(1, 16, 6, 6)
    out = torch.nn.functional.conv_transpose2d(flat, default.model[2].weight, None, 2, 1)
    phases = torch.stack([out[..., 2:-2, 2:-2][..., i::2, j::2] for i in (0, 1) for j in (0, 1)])
    assert not torch.allclose(phases, phases[:1].expand_as(phases), atol=1e-3)  # the default does
