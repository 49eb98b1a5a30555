"""The two builds from one script: ``cuda`` (for the local-GPU users the app is for) and
``cpu`` (a far smaller download, from the PyTorch CPU wheels).

On Linux the registry's torch is already the CUDA build, so ``cuda`` is the project's own
``.venv``. Any other combination builds in ``build/venv-<variant>`` with the torch trio from
the PyTorch wheel index (``PERSONA_TORCH_<VARIANT>_INDEX`` overrides it: a mirror URL or a
local folder of wheels) and everything else pinned by ``requirements.lock``."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from .contents import ROOT

TORCH_TRIO = ("torch", "torchvision", "torchaudio")
INDEXES = {
    "cpu": "https://download.pytorch.org/whl/cpu",
    "cuda": "https://download.pytorch.org/whl/cu128",  # matches the lock's CUDA 12.8 torch
}
GPU_ONLY = ("nvidia-", "triton")


class VariantUnavailable(Exception):
    pass


def torch_flavour(python: str = sys.executable) -> str:
    """``cuda`` or ``cpu``: what the torch in ``python``'s environment was built for."""
    done = subprocess.run(
        [python, "-c", "import torch; print('cuda' if torch.version.cuda else 'cpu')"],
        capture_output=True, text=True,
    )
    if done.returncode:
        raise VariantUnavailable(f"torch does not import in {python}: {done.stderr[-300:]}")
    return done.stdout.strip()


def default_variant() -> str:
    return "cpu" if sys.platform == "darwin" else "cuda"


def index_for(variant: str) -> str:
    return os.environ.get(f"PERSONA_TORCH_{variant.upper()}_INDEX", INDEXES[variant])


def check_reachable(index: str, variant: str) -> None:
    if Path(index).is_dir():
        return
    try:
        urllib.request.urlopen(f"{index.rstrip('/')}/torch/", timeout=15).close()
    except OSError as error:
        raise VariantUnavailable(
            f"the {variant} build needs the PyTorch {variant} wheels from {index}, which this "
            f"machine cannot reach ({getattr(error, 'reason', error)}). Set "
            f"PERSONA_TORCH_{variant.upper()}_INDEX to a mirror or a folder of those wheels."
        ) from None


def locked(lock: Path = ROOT / "requirements.lock") -> dict[str, str]:
    pins = {}
    for line in lock.read_text().splitlines():
        if line and not line.startswith("#") and "==" in line:
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def environment(variant: str) -> str:
    """The Python to build with: this one when its torch is the right flavour, else a build
    venv made (once) for the variant."""
    if sys.platform == "darwin" and variant == "cuda":
        raise VariantUnavailable("macOS has no CUDA: build the cpu variant (it uses MPS on Apple GPUs)")
    if torch_flavour() == variant:
        return sys.executable
    venv = ROOT / "build" / f"venv-{variant}"
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    stamp = venv / ".ready"
    if stamp.is_file():
        return str(python)
    index = index_for(variant)
    check_reachable(index, variant)
    pins = locked()
    trio = [f"{name}=={pins[name]}" for name in TORCH_TRIO]
    rest = [
        f"{name}=={version}" for name, version in pins.items()
        if name not in TORCH_TRIO and not name.startswith(GPU_ONLY)
    ]
    source = ["--find-links", index] if Path(index).is_dir() else ["--index-url", index]
    print(f"making the {variant} build environment in {venv} (torch from {index})")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *source, *trio], check=True)
    subprocess.run([*pip, *rest], check=True)
    plugins = [str(p.parent) for p in sorted((ROOT / "plugins").glob("*/pyproject.toml"))]
    editable = [arg for folder in [str(ROOT), *plugins] for arg in ("-e", folder)]
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", *editable], check=True)
    stamp.touch()
    return str(python)
