"""Importing the model store must not import torch: the host lists models at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_store_import_and_listing_leave_torch_unloaded(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import sys
        import studio.ml
        import studio.weights
        from studio.weights import ModelStore
        ModelStore().list()
        heavy = ("torch", "safetensors", "studio.ml.checkpoint")
        loaded = [name for name in heavy if name in sys.modules]
        assert not loaded, loaded
        """
    )
    env = {**os.environ, "PERSONA_STUDIO_DATA": str(tmp_path), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
