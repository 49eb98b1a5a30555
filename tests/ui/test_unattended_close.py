"""With no one at the screen (offscreen, as every test here runs) the window never asks about
unsaved changes: closing keeps them in the recovery file and closes; opening or starting another
project over them is refused. A whole app process closes and ends on its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile

import pytest
from app_driver import wait_for_tracks
from PySide6.QtWidgets import QDialog, QMessageBox

from studio.project.recovery import RECOVERY_FILE, crashed_sessions


@pytest.fixture
def no_dialogs(monkeypatch):
    """Every modal the window could block on, recorded and answered at once instead."""
    shown = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *args, **kwargs: shown.append(args) or QMessageBox.StandardButton.Cancel,
    )
    monkeypatch.setattr(QDialog, "exec", lambda self: shown.append(self) or 0)
    return shown


@pytest.fixture
def unattended_window(window):
    del window.ask_unsaved  # the app's own answer, not the fixture's "discard"
    return window


def test_closing_unsaved_work_keeps_it_for_recovery_without_asking(
    qtbot, unattended_window, voice_file, no_dialogs
):
    window = unattended_window
    window.open_files([voice_file])
    wait_for_tracks(qtbot, window, 1)
    assert window.files.dirty
    assert window.close()
    assert not window.isVisible() and not no_dialogs
    folder = window.files.session.folder
    with zipfile.ZipFile(folder / RECOVERY_FILE) as archive:
        assert len(json.loads(archive.read("manifest.json"))["tracks"]) == 1
    assert json.loads((folder / "session.json").read_text())["saved"]


def test_opening_over_unsaved_work_is_refused_without_asking(
    qtbot, unattended_window, voice_file, no_dialogs
):
    window = unattended_window
    window.open_files([voice_file])
    wait_for_tracks(qtbot, window, 1)
    window.new_project()
    assert len(window.document.project.tracks) == 1 and window.files.dirty
    assert not no_dialogs
    assert "no one to ask" in window.status.text


APP = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from studio.ui.app import make_window

    app, window = make_window()
    # Quitting closes the window first (Qt 6), as when a benchmark is done with it.
    window.loader.loaded.connect(lambda track_id: QTimer.singleShot(0, app.quit))
    window.show()
    if sys.argv[1:]:
        window.open_files(sys.argv[1:])
    else:
        QTimer.singleShot(0, app.quit)
    app.exec()
    print("closed" if not window.isVisible() else "still open", flush=True)
""")


@pytest.mark.parametrize("modified", [False, True], ids=["unmodified", "modified"])
def test_an_offscreen_app_closes_and_ends_on_its_own(modified, voice_file, data_dir):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PERSONA_STUDIO_UNATTENDED", None)  # the offscreen platform alone is enough
    args = [str(voice_file)] if modified else []
    run = subprocess.run(
        [sys.executable, "-c", APP, *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "closed"
    kept = crashed_sessions(data_dir / "recovery")
    if modified:  # the track it opened waits in the recovery file for the next start
        assert len(kept) == 1 and kept[0].recovery_file is not None
    else:
        assert not kept
