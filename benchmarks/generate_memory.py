"""Peak RSS and wall time of one ``persona-studio generate`` run (wen2019, untrained weights)."""

from __future__ import annotations

from pathlib import Path

from studio.audio.io import write_audio
from studio.audio.synth import speech_like

from .cli_startup import command
from .timing import run_child


def main(scratch: str) -> None:
    clip = speech_like(6.0, 16000, seed=1)
    audio = Path(scratch) / "voice.wav"
    write_audio(audio, clip)
    out = Path(scratch) / "face.png"
    run = command() + [
        "generate",
        "wen2019:voice-to-face",
        "--audio",
        str(audio),
        "--weights",
        "untrained",
        "-o",
        str(out),
    ]
    run_child(run)  # first run materialises the untrained weights
    elapsed, peak_mb, _ = run_child(run)
    print(
        f"persona-studio generate (wen2019, 6 s WAV): {elapsed:.2f} s wall, peak RSS {peak_mb} MB"
    )
