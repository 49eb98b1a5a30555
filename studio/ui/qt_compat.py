"""A repair for the Qt binding this app pins: import ``Signal`` from here, not from PySide6.

PySide6 6.12.0's ``SignalInstance.emit`` returns ``True`` without taking a reference to it.
On Python before 3.12, where ``True`` is an ordinary reference-counted object, every emit
made from Python costs ``True`` a reference, and a few thousand emits later (playback alone
emits 60 a second) the interpreter aborts with "bool_dealloc: deallocating True or False".
Importing this module checks once whether the binding at hand has the bug and, if so, wraps
``emit`` to give the reference back.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance

__all__ = ["Signal"]

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None
_PROBES = 8


def _emit_drops_a_reference() -> bool:
    if sys.version_info >= (3, 12) or getattr(SignalInstance.emit, "repaired", False):
        return False  # True is immortal there, or the repair is in place already

    class Probe(QObject):
        fired = Signal()

    probe = Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.fired.emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(lost, 0)):
        _incref(True)  # what the probe itself took
    return lost >= _PROBES


def _repair() -> None:
    original = SignalInstance.emit

    def emit(self, *args):
        result = original(self, *args)
        if isinstance(result, bool):
            _incref(result)
        return result

    emit.repaired = True
    SignalInstance.emit = emit


if _emit_drops_a_reference():
    _repair()
