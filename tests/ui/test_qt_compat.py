"""Emitting signals from Python must not eat references to True (PySide6 6.12 on Python 3.11
did, and the app aborted after a few thousand emits: a minute of playback)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from PySide6.QtCore import QObject

from studio.ui.qt_compat import Signal


class Source(QObject):
    fired = Signal(float, str)


def test_emitting_keeps_true_alive():
    source = Source()
    received = []
    source.fired.connect(lambda value, text: received.append(value))
    before = sys.getrefcount(True)
    for index in range(5000):
        source.fired.emit(index / 5000, "progress")
    assert len(received) == 5000
    assert abs(sys.getrefcount(True) - before) < 50


def test_an_app_that_emits_a_lot_exits_cleanly():
    script = textwrap.dedent("""
        from PySide6.QtCore import QCoreApplication, QObject
        from studio.ui.qt_compat import Signal
        app = QCoreApplication([])
        class Ticker(QObject):
            tick = Signal()
        ticker = Ticker()
        for _ in range(20000):
            ticker.tick.emit()
        print("ok")
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "ok"
