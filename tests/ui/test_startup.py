"""Start-up stays light: importing the app and showing the window loads neither torch nor
sounddevice on the GUI thread; `persona-studio` with no command opens the app."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from studio.api.errors import StudioError
from studio.cli import gui_cmd
from studio.cli.main import main

SHOW_WINDOW = textwrap.dedent("""
    import sys
    import studio.ui
    from studio.ui.app import application
    from studio.ui.main_window import MainWindow
    from studio.audio.playback import FakePlayback
    from studio.audio.recorder import FakeRecorder
    from studio.audio.synth import tone
    from studio.app.context import Context
    app = application()
    window = MainWindow(Context(), FakePlayback(), FakeRecorder(tone(440, 1.0)))
    window.show()
    app.processEvents()
    window.jobs.wait(10000)
    print("torch" in sys.modules, window.generator.model.count() > 0)
""")


def test_showing_the_window_does_not_load_torch():
    shown = subprocess.run(
        [sys.executable, "-c", SHOW_WINDOW],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["False", "True"]


def test_no_command_opens_the_app(monkeypatch):
    opened = []
    monkeypatch.setattr(gui_cmd, "check_display", lambda: None)
    monkeypatch.setattr("studio.ui.run", lambda files: opened.append(files) or 0)
    assert main([]) == 0
    assert main(["gui", "a.wav", "b.mp3"]) == 0
    assert opened == [[], ["a.wav", "b.mp3"]]


def test_no_display_is_one_clear_line(monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(StudioError, match="no display"):
        gui_cmd.check_display()
    assert main(["gui"]) == 2
    assert "cannot open a window: no display" in capsys.readouterr().err


def test_torch_loads_in_a_worker_without_turning_off_garbage_collection():
    script = textwrap.dedent("""
        import gc, sys, threading
        from studio.ui.torch_preload import preload_torch
        worker = threading.Thread(target=preload_torch)
        worker.start()
        worker.join()
        print("torch" in sys.modules, gc.isenabled(), gc.get_freeze_count() > 100000)
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.split() == ["True", "True", "True"]
