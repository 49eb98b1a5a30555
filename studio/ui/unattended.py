"""Whether anyone is there to answer a question.

Benchmarks, ``persona-studio selftest``, tests and scripts drive the window with no one at the
screen; a modal dialog there waits forever. Code that would ask the user checks
:func:`unattended` first and follows a stated policy instead (see docs/desktop-app.md).
"""

from __future__ import annotations

import os

from PySide6.QtGui import QGuiApplication

# Set by harnesses that drive the window on a real display (a benchmark under Xvfb, say).
UNATTENDED_ENV = "PERSONA_STUDIO_UNATTENDED"
# Qt platforms that draw to no screen: a dialog there can never be seen, let alone answered.
SCREENLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl"})


def unattended() -> bool:
    if os.environ.get(UNATTENDED_ENV, "").strip().lower() not in ("", "0", "false", "no"):
        return True
    return QGuiApplication.platformName() in SCREENLESS_PLATFORMS
