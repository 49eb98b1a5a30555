"""The package's public surface, and that importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import studio.audio


def test_importing_the_package_does_not_import_torch():
    subprocess.run(
        [sys.executable, "-c", "import studio.audio, sys; assert 'torch' not in sys.modules"],
        check=True,
    )


def test_every_exported_name_exists():
    assert all(hasattr(studio.audio, name) for name in studio.audio.__all__)
