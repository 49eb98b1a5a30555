"""What the desktop bundle is built from: every built-in plugin (found from the source tree,
so a new one needs no packaging change), nothing the app never reads."""

import plistlib
from pathlib import Path

import pytest
import tomllib
from builder import contents
from builder.pruning import keep_file


def test_every_builtin_plugin_is_bundled_with_its_packages():
    plugins = {plugin.folder.name: plugin for plugin in contents.builtin_plugins()}
    folders = {p.parent.name for p in (contents.ROOT / "plugins").glob("*/pyproject.toml")}
    assert set(plugins) == folders
    assert plugins["wen2019"].distribution == "persona-studio-wen2019"
    assert plugins["wen2019"].packages == ("studio_wen2019",)


def test_a_plugin_that_is_not_installed_is_named(tmp_path):
    folder = tmp_path / "plugins" / "ghost"
    folder.mkdir(parents=True)
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "persona-studio-ghost"\nversion = "1.0"\n'
        '[project.entry-points."persona_studio.plugins"]\nghost = "studio_ghost.plugin"\n'
    )
    with pytest.raises(contents.ContentsError, match="ghost: the distribution persona-studio-ghost"):
        contents.builtin_plugins(tmp_path)


def test_the_version_is_the_projects():
    project = tomllib.loads((contents.ROOT / "pyproject.toml").read_text())["project"]
    assert contents.version() == project["version"]


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("torch/include/ATen/Tensor.h", False),
        ("torch/share/cmake/Torch/TorchConfig.cmake", False),
        ("scipy/signal/tests/test_windows.py", False),
        ("studio_wen2019/__pycache__/plugin.cpython-311.pyc", False),
        ("torch/lib/libtorch_cpu.so", True),
        ("studio_wen2019/models/demo/model.safetensors", True),
        ("resources/icons/persona-studio.svg", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ],
)
def test_pruning_keeps_what_the_app_reads(path, kept):
    assert keep_file(path) is kept


def test_macos_app_asks_for_the_microphone_and_may_record():
    spec = (contents.ROOT / "packaging" / "persona_studio.spec").read_text()
    assert '"NSMicrophoneUsageDescription"' in spec
    entitlements = plistlib.loads(
        (contents.ROOT / "packaging" / "macos" / "entitlements.plist").read_bytes()
    )
    assert entitlements["com.apple.security.device.audio-input"] is True


def test_windows_installer_associates_project_files():
    script = (contents.ROOT / "packaging" / "windows" / "persona-studio.iss").read_text()
    assert 'Subkey: "Software\\Classes\\.persona"' in script
    assert "PersonaStudio.exe" in script


def test_the_resources_folder_is_found_in_a_checkout():
    from studio.paths import resources_dir

    assert resources_dir() == contents.ROOT / "resources"
    assert (resources_dir() / "icons" / f"{contents.APP_ID}.svg").is_file()
    assert Path(resources_dir()).is_dir()
