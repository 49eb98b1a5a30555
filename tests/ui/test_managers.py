"""The plugin manager (status, errors, on/off remembered, safe mode, the crash notice) and the
model manager (bundled and imported weights, importing a wrong checkpoint by picker and by
drag-and-drop, rename, verify, remove)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from app_driver import drop_files

from studio.api import ImportedWeights
from studio.app.context import Context
from studio.host.plugin_state import PluginState, marker_path

RAISES_AT_IMPORT = "raise RuntimeError('this plugin is broken on purpose')\n"


def status_of(dialog, name: str) -> str:
    return dialog.table.item(dialog.row_of(name), 4).text()


def test_the_plugin_manager_lists_plugins_their_errors_and_remembers_switches(
    qtbot, plugin_site, make_window
):
    from plugin_sites import add_module, register

    add_module(plugin_site, "plugin_broken", RAISES_AT_IMPORT)
    register(plugin_site, "broken-plugin", "broken", "plugin_broken")
    window = make_window()
    window.plugin_manager()
    dialog = window.plugin_dialog
    assert status_of(dialog, "example") == "ok"
    assert "example:voice-to-swatch" in dialog.table.item(dialog.row_of("example"), 3).text()
    assert "0.2.0" in dialog.table.item(dialog.row_of("example"), 2).text()
    broken = status_of(dialog, "broken")
    assert broken.startswith("failed: import:") and "broken on purpose" in broken
    assert "(built-in)" in dialog.table.item(dialog.row_of("wen2019"), 1).text()
    assert "example:voice-to-swatch" in window.context.host.generators  # the others work

    dialog.set_enabled("example", False)
    assert not PluginState.load().enabled("example")
    later = make_window()
    assert "example:voice-to-swatch" not in later.context.host.generators
    later.plugin_manager()
    assert status_of(later.plugin_dialog, "example") == "off: disabled by you"
    later.plugin_dialog.set_enabled("example", True)
    assert "example:voice-to-swatch" in make_window().context.host.generators


def test_safe_mode_starts_with_the_built_in_plugins_only(qtbot, monkeypatch, make_window):
    monkeypatch.setattr(Context, "safe_mode", True)
    window = make_window()
    generators = window.context.host.generators
    assert "wen2019:voice-to-face" in generators and "example:voice-to-swatch" not in generators
    window.plugin_manager()
    assert "Safe mode" in window.plugin_dialog.note.text()
    assert status_of(window.plugin_dialog, "example").startswith("off: not loaded in safe mode")


def test_a_plugin_that_crashed_the_last_start_is_off_and_the_user_is_told(qtbot, make_window):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process id that is certainly not running any more
    dead = gone.pid
    marker_path().write_text(json.dumps({"plugin": "example", "stage": "import", "pid": dead,
                                         "time": 0}))  # fmt: skip
    window = make_window()
    qtbot.waitUntil(lambda: "crashed Persona Studio" in window.status.text, timeout=5000)
    assert "'example'" in window.status.text
    assert "example:voice-to-swatch" not in window.context.host.generators


@pytest.fixture
def manager(qtbot, window):
    window.model_manager()
    dialog = window.model_dialog
    dialog.plugin.setCurrentIndex(dialog.plugin.findData("wen2019"))
    return dialog


def wrong_checkpoints(tmp_path):
    import torch

    files = []
    for name in ("voice_embedding.pth", "generator.pth"):
        path = tmp_path / name
        torch.save({"conv.weight": torch.zeros(3, 3)}, path)
        files.append(path)
    return files


def test_the_model_manager_shows_bundled_weights_with_their_details(manager):
    bundled = [row for row in manager.rows if row.kind == "bundled"]
    assert bundled and bundled[0].plugin == "wen2019" and len(bundled[0].sha256) == 64
    row = manager.rows.index(bundled[0])
    assert "demo" in manager.table.item(row, 2).text()
    assert manager.table.item(row, 5).text().endswith("MB")
    assert "voice_embedding.pth" in manager.hint.text()


def test_a_wrong_checkpoint_says_what_was_expected_and_found(qtbot, manager, tmp_path):
    job = manager.import_files("wen2019", wrong_checkpoints(tmp_path))
    qtbot.waitUntil(lambda: job not in manager.window_.jobs.running, timeout=60000)
    message = manager.status.text
    assert "voice_embedding.pth" in message and "expected" in message and "found" in message
    assert "missing" in message and "the wen2019 importer expects" in message
    assert not [row for row in manager.rows if row.kind == "imported"]


def test_dropping_a_wrong_file_on_the_model_manager_gets_the_same_message(qtbot, manager, tmp_path):
    drop_files(manager, wrong_checkpoints(tmp_path))
    qtbot.waitUntil(lambda: "expected" in manager.status.text, timeout=60000)
    assert "generator.pth" in manager.status.text or "voice_embedding.pth" in manager.status.text


def test_imported_weights_can_be_verified_renamed_and_removed(qtbot, manager):
    store = manager.context.store
    tensors = {"w": np.ones(4, np.float32)}
    store.add("wen2019", "mine", ImportedWeights(tensors, {"size": 4}, "CC0", "a test"))
    manager.refresh()
    row = next(r for r in manager.rows if r.name == "mine")
    assert row.kind == "imported" and row.origin == "a test" and row.licence == "CC0"
    manager.table.selectRow(manager.rows.index(row))
    assert manager.rename_button.isEnabled() and manager.remove_button.isEnabled()
    manager.verify()
    qtbot.waitUntil(lambda: "intact" in manager.status.text, timeout=10000)

    manager.rename(row, "renamed")
    assert [r.name for r in manager.rows if r.kind == "imported"] == ["renamed"]
    assert store.get("wen2019", "renamed").sha256 == row.sha256
    manager.rename(manager.rows[[r.name for r in manager.rows].index("renamed")], "bad/name")
    assert "not allowed" in manager.status.text

    manager.remove(next(r for r in manager.rows if r.name == "renamed"))
    assert not [r for r in manager.rows if r.kind == "imported"]
    assert store.list("wen2019") == []


TINY = """
import numpy as np
from studio.api import (GeneratorInfo, Image, ImportedWeights, ImporterSpec, Kind, Slot, Task,
                        WeightsError, hookimpl)

@hookimpl
def studio_generators():
    return [GeneratorInfo(id="tiny:voice-to-face", title="Tiny", task=Task.VOICE_TO_FACE,
                          inputs=(Slot("voice", Kind.AUDIO),), output=Kind.IMAGE,
                          load="plugin_tiny:load",
                          importers=(ImporterSpec("official", "plugin_tiny:import_npz",
                                                  files=("tiny.npz",)),))]

def import_npz(files):
    with np.load(files[0]) as data:
        if "w" not in data.files:
            raise WeightsError(f"{files[0]}: expected a tensor 'w', found {sorted(data.files)}")
        return ImportedWeights({"w": np.array(data["w"])}, {"size": 4}, "CC0", "tiny authors")

def load(device, model):
    raise NotImplementedError
"""


def test_dropping_official_files_imports_them(qtbot, plugin_site, make_window, tmp_path):
    from plugin_sites import add_module, register

    add_module(plugin_site, "plugin_tiny", TINY)
    register(plugin_site, "tiny-plugin", "tiny", "plugin_tiny")
    window = make_window()
    window.model_manager()
    manager = window.model_dialog
    manager.plugin.setCurrentIndex(manager.plugin.findData("tiny"))
    assert "tiny imports: tiny.npz" in manager.hint.text()
    good = tmp_path / "tiny.npz"
    np.savez(good, w=np.arange(4, dtype=np.float32))
    drop_files(manager, [good])
    qtbot.waitUntil(lambda: "Imported tiny/official" in manager.status.text, timeout=60000)
    (row,) = manager.rows
    assert (row.kind, row.origin, row.licence) == ("imported", "tiny authors", "CC0")
    assert window.context.store.get("tiny", "official").sha256 == row.sha256

    wrong = tmp_path / "other.npz"
    np.savez(wrong, v=np.zeros(2))
    manager.import_files("tiny", [wrong], name="second")
    qtbot.waitUntil(lambda: "expected a tensor 'w'" in manager.status.text, timeout=60000)
    assert "found ['v']" in manager.status.text and str(wrong) in manager.status.text
