"""``persona-studio demo-data voices-faces --gallery FILE``: a labelled sheet, the same bytes twice."""

from __future__ import annotations

import subprocess
import sys

from PIL import Image


def _gallery(path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "studio.cli", "demo-data", "voices-faces", "--gallery",
               str(path), "--speakers", "8", "--seed", "3"]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_the_gallery_is_a_grid_of_avatars_written_the_same_twice(tmp_path) -> None:
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    assert _gallery(first).returncode == 0
    assert _gallery(second).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    with Image.open(first) as sheet:
        assert sheet.size == (8 * 128, 128 + 16)  # one row of 128-px avatars over their labels
    assert not any(tmp_path.glob("manifest.jsonl"))  # no corpus was built


def test_without_out_or_gallery_it_says_what_to_give(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "studio.cli", "demo-data", "voices-faces"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2 and "--gallery" in done.stderr
