"""Hostile files as a new user meets them on the command line: exit status 2, exactly one line
on stderr, no traceback and no library warning; ``--debug`` still shows everything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import hostile_files as hf
import numpy as np
import pytest
from test_hostile_corpus import recipe_json

from studio.api.errors import shown_name
from studio.engine.recipe import RECIPE_KEY

GENERATE = ["generate", "wen2019:voice-to-face"]


def run(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


CASES = [
    # (id, maker, how the file is given, words in the one line)
    ("impossible-width", lambda d: hf.write(d, "w40.wav", hf.wav_bytes(hf.fmt_body(bits=40, block_align=2))), "--audio", "impossible sample width"),
    ("infinities", lambda d: hf.float_wav(d, "inf.wav", np.full(800, np.inf, np.float32)), "--audio", "infinite"),
    ("nans", lambda d: hf.float_wav(d, "nan.wav", np.full(800, np.nan, np.float32)), "--audio", "NaN"),
    ("symlink-loop", lambda d: hf.symlink_loop(d, ".wav"), "--audio", "loops back on itself"),
    ("fifo", lambda d: hf.fifo(d, ".wav"), "--audio", "named pipe"),
    ("device", lambda d: hf.device(d, ".wav"), "--audio", "is a device"),
    ("folder", lambda d: hf.directory(d, ".wav"), "--audio", "is a folder"),
    ("block-align", lambda d: hf.write(d, "ba.wav", hf.wav_bytes(hf.fmt_body(block_align=4))), "--audio", "contradicts itself"),
    ("silence", lambda d: hf.float_wav(d, "silent.wav", np.zeros(16000, np.float32)), "--audio", "holds only silence"),
    ("room-tone", lambda d: hf.float_wav(d, "hum.wav", np.full(16000, 1e-3, np.float32)), "--audio", "no speech"),
    ("empty", lambda d: hf.write(d, "empty.wav", b""), "--audio", "empty"),
    ("mp3-noise", lambda d: hf.write(d, "noise.mp3", b"\xff\xe4" + bytes(range(256)) * 8), "--audio", "not an audio file"),
    ("latent-nan", lambda d: hf.latent(d, "nan.npz", z=np.full(64, np.nan, np.float32)), "--latent", "NaN or infinite"),
    ("latent-wrong-shape", lambda d: hf.latent(d, "short.npz", z=np.ones(3, np.float32)), "--latent", "must have"),
    ("latent-pickle", hf.object_latent, "--latent", "pickled Python objects"),
    ("recipe-unknown-generator", lambda d: hf.png_with_text(d, "r.png", {RECIPE_KEY: recipe_json(generator="nobody:nothing")}), "--recipe", "unknown generator"),
    ("recipe-impossible-param", lambda d: hf.png_with_text(d, "p.png", {RECIPE_KEY: recipe_json(params={"variation": 1e9})}), "--recipe", "above the maximum"),
    ("recipe-seed", lambda d: hf.png_with_text(d, "s.png", {RECIPE_KEY: recipe_json(seed="abc")}), "--recipe", "'seed'"),
    ("foreign-name-missing", lambda d: d / "voix-\udce9.wav", "--audio", "voix-\\xe9.wav: no such file"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "option", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_files_give_one_line_and_exit_2(tmp_path, make, option, words):
    path = make(tmp_path)
    given = [option, path]
    command = ["generate", *given] if option == "--recipe" else [*GENERATE, *given]
    done = run(*command, "-o", tmp_path / "out.png")
    lines = done.stderr.splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and lines[0].startswith("persona-studio: error: "), done.stderr
    assert words in lines[0]
    assert shown_name(Path(path).name) in lines[0]  # the line names the file
    assert "Traceback" not in done.stderr and "Warning" not in done.stderr
    assert not (tmp_path / "out.png").exists()


def test_debug_still_shows_the_traceback(tmp_path):
    path = hf.float_wav(tmp_path, "nan.wav", np.full(800, np.nan, np.float32))
    done = run("--debug", *GENERATE, "--audio", path, "-o", tmp_path / "out.png")
    assert done.returncode == 2 and "Traceback" in done.stderr and "NaN" in done.stderr


def test_a_file_with_a_name_in_another_encoding_makes_a_face(tmp_path):
    path = hf.foreign_name(tmp_path, hf.sound_file(tmp_path, "voice.wav"))
    done = run(*GENERATE, "--audio", path, "-o", tmp_path / "out.png")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.png").is_file()
