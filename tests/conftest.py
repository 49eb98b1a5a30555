"""Shared fixtures: an isolated data dir for every test, and plugin sites on sys.path."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests' helper modules (plugin_sites)
sys.path.insert(1, str(Path(__file__).parents[1]))  # the repo root: benchmarks' reference code

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own empty model store: nothing touches the user's real data."""
    path = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("PERSONA_STUDIO_DATA", str(path))
    monkeypatch.setenv("PERSONA_STUDIO_DEVICE", "cpu")
    return path


@pytest.fixture
def plugin_site(tmp_path, monkeypatch) -> Path:
    """A folder on sys.path (and PYTHONPATH, for subprocesses) where tests register plugins."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]))
    importlib.invalidate_caches()
    yield site
    for name in [
        n for n, m in sys.modules.items() if str(site) in str(getattr(m, "__file__", "") or "")
    ]:
        del sys.modules[name]
