"""Importing studio.demodata must stay cheap: no torch ever, scipy and Pillow only when used."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_leaves_torch_scipy_and_pillow_unloaded():
    code = textwrap.dedent(
        """
        import sys
        import studio.demodata
        heavy = ("torch", "scipy", "PIL")
        loaded = [name for name in heavy if name in sys.modules]
        assert not loaded, loaded
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_building_a_corpus_never_loads_torch(tmp_path):
    code = textwrap.dedent(
        f"""
        import sys
        from studio.demodata import build_voices_faces, measure_face, face, draw_speaker
        build_voices_faces({str(tmp_path)!r}, speakers=2, utterances_per_speaker=1,
                           faces_per_speaker=1, seconds=(1.0, 1.0))
        measure_face(face(draw_speaker(0), 0))
        assert "torch" not in sys.modules
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
