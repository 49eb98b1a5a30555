"""Checks the fresh bundle the way a user's machine would run it: the self-test with a
third-party plugin in the user plugins folder, and start-up to the window's first paint.

Every run gets a clean environment: no PYTHONPATH or virtualenv leaking in from the build, its
own data folder, and a working directory outside the source tree (so nothing can be found
there by accident)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .contents import ROOT

EXAMPLE_PLUGIN = ROOT / "tests" / "example_plugin"
LEAKY = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP", "PYTHONSAFEPATH")


class FrozenCheckFailed(Exception):
    pass


def clean_env(data: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in LEAKY}
    env["PERSONA_STUDIO_DATA"] = str(data)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def install_example_plugin(data: Path) -> Path:
    """What docs/plugins.md tells users: pip install --target the user plugins folder. pip
    builds in the source folder, so it builds a copy (the test suite may be building it too)."""
    folder = data / "plugins"
    source = data / "example-plugin-source"
    shutil.copytree(EXAMPLE_PLUGIN, source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--no-build-isolation", "--target", str(folder), str(source)],
        check=True,
        capture_output=True,
    )
    return folder


def selftest(executable: Path, scratch: Path) -> str:
    data = scratch / "data"
    install_example_plugin(data)
    done = subprocess.run(
        [str(executable), "--selftest"],
        cwd=scratch,
        env=clean_env(data),
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise FrozenCheckFailed(f"frozen self-test exited {done.returncode}:\n{output[-4000:]}")
    expected_lines = (
        "ok   wen2019:",
        "ok   example:",
        "ok   face detection",  # OpenCV's cascades made it into the bundle
        "ok   main window shown and closed",
    )
    for expected in expected_lines:
        if expected not in done.stdout:
            raise FrozenCheckFailed(f"frozen self-test did not print {expected!r}:\n{output}")
    return done.stdout


def avatar_gallery(executable: Path, scratch: Path) -> None:
    """The demo corpus's avatars need python_avatars' SVG parts and resvg's metadata, which
    the analysis does not find by itself: draw a small contact sheet with the bundle."""
    sheet = scratch / "gallery.png"
    done = subprocess.run(
        [str(executable), "demo-data", "voices-faces", "--speakers", "2", "--gallery", str(sheet)],
        cwd=scratch,
        env=clean_env(scratch / "gallery-data"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 or not sheet.is_file():
        raise FrozenCheckFailed(f"frozen demo-data --gallery failed:\n{(done.stdout + done.stderr)[-4000:]}")


def startup_ms(executable: Path, scratch: Path, runs: int = 5) -> list[float]:
    """Process start to the main window's first paint, as the frozen app reports it."""
    times = []
    for run in range(runs):
        data = scratch / f"startup-{run}"
        started = time.perf_counter()
        child = subprocess.Popen(
            [str(executable), "selftest", "--window-only"],
            cwd=scratch,
            env=clean_env(data),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # one pipe: a chatty stderr can never fill up and block
            text=True,
        )
        shown, output = None, []
        for line in child.stdout:
            output.append(line)
            if line.startswith("ok   main window") and shown is None:
                shown = time.perf_counter() - started
        if child.wait(timeout=120) != 0 or shown is None:
            raise FrozenCheckFailed(f"the frozen window check failed: {''.join(output)[-2000:]}")
        times.append(shown * 1000)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)
