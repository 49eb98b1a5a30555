"""Preferences (saved, versioned, applied at once), batch generate with progress and a summary
of failures, the keyboard shortcuts sheet, SVG icons and the window layout kept between runs."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from studio.audio import write_audio
from studio.audio.synth import speech_like
from studio.engine.recipe import read_recipe
from studio.ui.model.settings import SETTINGS_FORMAT, Settings, settings_path
from studio.ui.shortcuts import menu_actions


def test_preferences_are_saved_and_applied(qtbot, make_window, tmp_path):
    window = make_window()
    window.preferences_dialog()
    dialog = next(c for c in window.children() if type(c).__name__ == "PreferencesDialog")
    qtbot.waitUntil(lambda: "this computer has:" in dialog.device_note.text(), timeout=60000)
    assert dialog.device.findData("cpu") >= 0 and dialog.device.findData("auto") >= 0
    dialog.device.setCurrentIndex(dialog.device.findData("cpu"))
    dialog.model_cache.setValue(3)
    dialog.autosave.setValue(30)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.recordings.setText(str(tmp_path / "takes"))
    dialog.accept()

    assert window.generator.device.currentText() == "cpu"
    assert window.files.autosave_timer.interval() == 30000
    assert window.recorder.folder == tmp_path / "takes"
    stored = json.loads(settings_path().read_text())
    assert stored["format"] == SETTINGS_FORMAT
    assert stored["preferences"]["model_cache"] == 3 and stored["preferences"]["theme"] == "dark"
    later = make_window()
    assert later.settings.preferences.device == "cpu"
    assert later.generator.device.currentText() == "cpu"


def test_settings_from_a_newer_version_are_read_but_never_overwritten(tmp_path):
    path = tmp_path / "settings.json"
    text = json.dumps({"format": 99, "preferences": {"theme": "light", "new_thing": 1}})
    path.write_text(text)
    settings = Settings.load(path)
    assert settings.preferences.theme == "light" and settings.read_only
    settings.add_recent(tmp_path / "a.persona")
    assert path.read_text() == text
    path.write_text(json.dumps({"theme": "dark", "recent": ["/x.persona"]}))  # format 0
    old = Settings.load(path)
    assert old.preferences.theme == "dark" and old.recent == ["/x.persona"]
    path.write_text(json.dumps({"format": 1, "preferences": {"model_cache": 999}}))
    assert Settings.load(path).preferences.model_cache == 2  # out of range: the defaults


def test_batch_generate_makes_an_output_with_its_recipe_per_file(qtbot, window, tmp_path):
    folder = tmp_path / "voices"
    folder.mkdir()
    for seed in range(3):
        write_audio(folder / f"voice{seed}.wav", speech_like(1.0, 16000, seed=seed))
    (folder / "broken.wav").write_bytes(b"RIFF nonsense")
    (folder / "notes.txt").write_text("not audio: skipped")
    window.generator.select_generator("example:voice-to-swatch")
    window.generator.seed.setValue(5)
    window.batch_dialog()
    dialog = window.batch_dialog_
    dialog.source.setText(str(folder))
    dialog.target.setText(str(tmp_path / "out"))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.start_button.text() == "Cancel"
    qtbot.waitUntil(lambda: not dialog.running, timeout=120000)
    assert dialog.summary.text().startswith("3 of 4 done, 1 failed")
    assert "broken.wav" in dialog.summary.text()
    outputs = sorted((tmp_path / "out").glob("*.png"))
    assert [p.name for p in outputs] == [f"voice{i}-voice-to-swatch.png" for i in range(3)]
    recipe = read_recipe(outputs[0])
    assert recipe.generator == "example:voice-to-swatch" and recipe.seed == 5
    assert recipe.inputs["voice"]["path"].endswith("voice0.wav")
    assert dialog.list.count() == 4


def test_every_action_is_in_the_shortcuts_sheet_and_no_keys_clash(qtbot, window):
    actions = menu_actions(window)
    keys = {}
    for _menu, action in actions:
        for key in action.shortcuts():
            text = key.toString()
            assert text not in keys, f"{text} is both {keys[text]} and {action.text()}"
            keys[text] = action.text()
    for name in ("Save", "Save as", "Open", "New project", "Batch generate", "Model manager",
                 "Plugin manager", "Preferences", "Keyboard shortcuts", "Generate"):  # fmt: skip
        assert not window.actions_by_name[name].shortcut().isEmpty(), name
    for top in window.menuBar().actions():  # Alt+letter opens every menu
        assert "&" in top.text()
    window.actions_by_name["Keyboard shortcuts"].trigger()
    sheet = window.shortcuts_dialog
    assert sheet.table.rowCount() == len(actions)
    listed = {sheet.table.item(row, 1).text() for row in range(sheet.table.rowCount())}
    assert {"Save", "Open…", "Batch generate…", "● Record / stop recording"} <= listed
    assert QKeySequence("Ctrl+S").toString() in keys


def test_actions_have_scalable_icons(window):
    icon = window.actions_by_name["Save"].icon()
    assert not icon.isNull()
    big = icon.pixmap(128, 128).toImage()
    assert big.width() == 128 and not big.isNull()


def test_the_window_layout_is_restored_at_the_next_start(qtbot, make_window):
    window = make_window()
    window.resize(780, 690)
    window.mixer_dock.hide()
    window.splitter.setSizes([500, 300, 200])
    sizes, size = window.splitter.sizes(), window.size()
    assert size != make_window().size()  # not what a first start gives
    window.close()
    later = make_window()
    assert later.size() == size
    assert later.mixer_dock.isHidden()
    assert later.splitter.sizes() == sizes
