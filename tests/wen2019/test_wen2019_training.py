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
# face of the voice's own identity, and an exponential moving average of G that is exported.


def test_the_paper_preset_has_no_stabiliser():
    paper = resolve({})
    assert paper.pixel_weight == 0.0 and paper.ema_decay == 0.0


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
