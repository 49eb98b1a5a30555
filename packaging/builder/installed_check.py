"""The acceptance test of the .deb, as a new user would try it: install it, run the installed
launcher's self-test headless, drop a WAV on the real window under Xvfb and generate a face,
then remove the package and check that nothing it installed is left behind.

Needs root (dpkg). The app's own writes go to the data folder, which is redirected to a
scratch folder here, as a user's ~/.local/share/persona-studio would be kept by ``dpkg -r``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .contents import APP_ID
from .frozen_check import LEAKY, FrozenCheckFailed

LAUNCHER = f"/usr/bin/{APP_ID}"


def available() -> str | None:
    """None when the check can run here, else why not."""
    if not sys.platform.startswith("linux") or shutil.which("dpkg") is None:
        return "not a Debian system"
    if os.geteuid() != 0:
        return "installing a .deb needs root"
    if subprocess.run(["dpkg", "-s", APP_ID], capture_output=True).returncode == 0:
        return f"{APP_ID} is already installed here; not touching it"
    return None


def run(deb: Path, voice: Path) -> list[str]:
    """Install, check, remove; returns one line per step for the figures."""
    lines = []
    with tempfile.TemporaryDirectory(prefix="persona-installed-") as scratch:
        env = {k: v for k, v in os.environ.items() if k not in LEAKY + ("DISPLAY",)}
        env.pop("QT_QPA_PLATFORM", None)  # headless means: nothing tells Qt where to draw
        env["PERSONA_STUDIO_DATA"] = str(Path(scratch) / "data")
        step(["dpkg", "-i", str(deb)], "dpkg -i")
        try:
            files = installed_files()
            lines.append(f"installed: {len(files)} files under /opt/{APP_ID} and /usr")
            out = step([LAUNCHER, "--selftest"], "installed --selftest (headless)", env, scratch)
            lines.append(f"installed --selftest headless: exit 0 ({count_ok(out)} checks ok)")
            if shutil.which("xvfb-run"):
                shot = Path(scratch) / "dropped.png"
                step(["xvfb-run", "-a", LAUNCHER, "selftest", "--drop", str(voice),
                      "--screenshot", str(shot)], "drop a WAV under Xvfb", env, scratch)
                lines.append(f"under Xvfb: dropped {voice.name}, a face generated, app closed "
                             f"(window {shot.stat().st_size // 1024} KiB PNG)")
            else:
                lines.append("under Xvfb: skipped (xvfb-run is not installed)")
        finally:
            step(["dpkg", "-r", APP_ID], "dpkg -r")
        left = [path for path in files if os.path.lexists(path)]
        if left:
            raise FrozenCheckFailed(f"dpkg -r left {len(left)} files behind, e.g. {left[:5]}")
        lines.append("dpkg -r: nothing left behind")
    return lines


def installed_files() -> list[str]:
    listing = subprocess.run(["dpkg", "-L", APP_ID], capture_output=True, text=True, check=True)
    return [path for path in listing.stdout.splitlines() if path and not os.path.isdir(path)]


def step(command: list[str], label: str, env=None, cwd=None) -> str:
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=900)
    if done.returncode != 0:
        raise FrozenCheckFailed(
            f"{label} failed (exit {done.returncode}):\n{(done.stdout + done.stderr)[-3000:]}"
        )
    return done.stdout


def count_ok(output: str) -> int:
    return sum(line.startswith("ok ") for line in output.splitlines())
