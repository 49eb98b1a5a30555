"""Save, Open and recent projects in the window: a project saved and reopened shows the same
tracks, edits, mixer, outputs, recipes and generator settings; the title says when there are
unsaved changes; a newer project file is refused with a clear message."""

from __future__ import annotations

import json
import zipfile

import numpy as np
from app_driver import generate, open_and_select, open_project, save_project, wait_for_tracks

from studio.project.recovery import RECOVERY_FILE


def edit_and_generate(qtbot, window, voice_file):
    track = open_and_select(qtbot, window, voice_file, 0.5, 1.5)
    window.editor.gain(-6.0)
    window.editor.fade_in()
    window.document.edit_track(window.document.project.track(track.id).replace(volume_db=-2.5,
                               solo=True), "Volume")  # fmt: skip
    # Choose the model first: its params replace the form's (the first model listed depends on
    # which plugins are installed).
    window.generator.select_generator("example:voice-to-swatch")
    window.generator.params.set_values({"size": 12})
    window.generator.seed.setValue(1234)
    first = generate(qtbot, window)
    with qtbot.waitSignal(window.generator.previewReady, timeout=30000):
        window.generator.sliders.sliders[0].setValue(50)  # a moved result, derived from #1
    qtbot.waitUntil(lambda: not window.generation._previews.busy, timeout=30000)
    return first


def test_a_saved_project_reopens_with_every_edit_and_output(
    qtbot, make_window, voice_file, tmp_path
):
    window = make_window()
    edit_and_generate(qtbot, window, voice_file)
    assert window.windowTitle().startswith("Untitled *")
    path = tmp_path / "session.persona"
    save_project(qtbot, window, path)
    assert window.windowTitle().startswith("session.persona —")
    assert not window.files.dirty
    with qtbot.waitSignal(window.generator.previewReady, timeout=30000):
        window.generator.sliders.sliders[0].setValue(70)  # moving a slider is a change too
    qtbot.waitUntil(lambda: not window.generation._previews.busy, timeout=30000)
    assert window.files.dirty
    save_project(qtbot, window, path)

    other = make_window()
    open_project(qtbot, other, path)
    before, after = window.document.project, other.document.project
    assert [t.name for t in after.tracks] == [t.name for t in before.tracks]
    old, new = before.tracks[0], after.tracks[0]
    assert (new.volume_db, new.solo, new.frames) == (old.volume_db, old.solo, old.frames)
    assert [(s.start, s.end, s.gain, s.ramps) for s in new.segments] == [
        (s.start, s.end, s.gain, s.ramps) for s in old.segments
    ]
    np.testing.assert_allclose(new.render(0, new.frames), old.render(0, old.frames), atol=1e-6)
    assert other.document.selection == window.document.selection

    saved, opened = window.output.results(), other.output.results()
    assert [r.number for r in opened] == [r.number for r in saved] == [1, 2]
    for a, b in zip(saved, opened, strict=True):
        assert b.recipe == a.recipe and b.derived_from == a.derived_from
        np.testing.assert_array_equal(b.output.pixels, a.output.pixels)
    np.testing.assert_array_equal(opened[1].positions, saved[1].positions)
    panel = other.generator
    assert panel.model.currentData() == "example:voice-to-swatch"
    assert panel.params.values()["size"] == 12 and panel.seed.value() == 1234
    assert other.generation.results == 2  # the next result is #3
    assert not other.files.dirty and other.files.path == path
    assert other.settings.recent[0] == str(path.resolve())

    # the reopened result re-runs from its stored input, as before saving
    with qtbot.waitSignal(panel.resultReady, timeout=60000) as rerun:
        panel.rerun(opened[0])
    np.testing.assert_array_equal(rerun.args[0].output.pixels, saved[0].output.pixels)


def test_unsaved_changes_show_in_the_title_and_recent_files_reopen(qtbot, make_window, voice_file,
                                                                   tmp_path):  # fmt: skip
    window = make_window()
    window.open_files([voice_file])
    wait_for_tracks(qtbot, window, 1)
    assert window.files.dirty and "*" in window.windowTitle()
    path = tmp_path / "a.persona"
    save_project(qtbot, window, path)
    assert "*" not in window.windowTitle()
    window.select_all()
    window.editor.gain(-3.0)
    qtbot.waitUntil(lambda: "*" in window.windowTitle())
    window.document.undo_stack.undo()
    assert "*" not in window.windowTitle()  # back to what is saved

    recent = window.recent_menu.actions()
    assert recent and recent[0].toolTip() == str(path.resolve())
    window.files.new()
    assert window.document.project.tracks == ()
    with qtbot.waitSignal(window.files.opened, timeout=30000):
        recent[0].trigger()
    assert len(window.document.project.tracks) == 1


def test_a_project_from_a_newer_version_is_refused_with_a_clear_message(qtbot, window, tmp_path):
    path = tmp_path / "future.persona"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/x-persona-studio")
        archive.writestr(
            "manifest.json",
            json.dumps({"format": 99, "kind": "persona-studio-project", "app_version": "7.0"}),
        )
    window.open_files([path])
    qtbot.waitUntil(lambda: "newer version" in window.status.text, timeout=10000)
    assert str(path) in window.status.text and "Update Persona Studio" in window.status.text
    assert window.files.path is None


def test_each_generation_is_autosaved_for_recovery(qtbot, window, voice_file):
    open_and_select(qtbot, window, voice_file, 0.0, 1.0)
    with qtbot.waitSignal(window.files.autosaved, timeout=60000):
        generate(qtbot, window)
    recovery = window.files.session.folder / RECOVERY_FILE
    with zipfile.ZipFile(recovery) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert len(manifest["results"]) == 1 and len(manifest["tracks"]) == 1
    window.close()
    assert not window.files.session.folder.exists()  # a clean exit leaves nothing to recover


def test_quitting_without_closing_keeps_unsaved_work_for_the_next_start(qtbot, window, voice_file):
    window.open_files([voice_file])
    wait_for_tracks(qtbot, window, 1)
    window.files._quitting()  # what QApplication.aboutToQuit calls
    recovery = window.files.session.folder / RECOVERY_FILE
    with zipfile.ZipFile(recovery) as archive:
        assert len(json.loads(archive.read("manifest.json"))["tracks"]) == 1
    window.close()  # the window going away afterwards does not delete it
    assert recovery.is_file()
