"""Third-party plugins for an installed (frozen) app: ``pip install --target`` into the user
plugins folder, and the next start finds them."""

import os
import shutil
import subprocess
import sys

import pytest
from plugin_sites import EXAMPLE_PLUGIN, install_example

from studio.host import PluginHost
from studio.host.discovery import search_user_plugins, user_plugins_dir
from studio.paths import data_dir


@pytest.fixture
def restore_sys_path(monkeypatch):
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield
    for name in [n for n in sys.modules if n.startswith("studio_example")]:
        del sys.modules[name]


def test_the_folder_lives_in_the_data_dir():
    assert user_plugins_dir() == data_dir() / "plugins"


def test_a_plugin_copied_into_the_folder_is_found(restore_sys_path):
    install_example(user_plugins_dir())
    host = PluginHost()
    assert "example:voice-to-swatch" in host.generators
    assert host.plugins["example"].version == "0.2.0"


def test_the_folder_comes_after_the_environment(restore_sys_path):
    folder = user_plugins_dir()
    folder.mkdir(parents=True)
    search_user_plugins()
    search_user_plugins()  # idempotent
    assert sys.path.count(str(folder)) == 1
    assert sys.path.index(str(folder)) == len(sys.path) - 1


def test_a_missing_folder_is_not_an_error(restore_sys_path):
    assert not user_plugins_dir().exists()
    PluginHost()
    assert str(user_plugins_dir()) not in sys.path


def test_pip_install_target_then_the_cli_lists_it(tmp_path):
    """What docs/plugins.md tells users to do, for real: pip builds and installs the example
    plugin into the folder (offline: no dependencies, no build isolation)."""
    folder = user_plugins_dir()
    source = tmp_path / "example-plugin"  # pip builds in the source folder: build a copy
    shutil.copytree(EXAMPLE_PLUGIN, source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    listed = subprocess.run(
        [sys.executable, "-m", "studio.cli", "plugins"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        check=True,
    ).stdout
    assert "example 0.2.0 (persona-studio-example): ok" in listed
    assert f"user plugins folder: {folder}" in listed
