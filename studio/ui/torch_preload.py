"""Importing torch in a worker without freezing the window.

``import torch`` loads several hundred MB of shared libraries, and CPython holds the GIL
through the whole ``dlopen`` (about 0.6 s here), so the GUI thread stalls even though the
import runs on a worker. Calling ``dlopen`` first through ctypes releases the GIL while the
libraries load and run their static initialisers; the import then only registers torch's
Python bindings. Measured here: the longest GUI stall fell from 650 ms to about 50 ms.

Importing torch also makes a few hundred thousand Python objects; a full garbage collection
set off half-way through holds the GIL for about 100 ms. No collection runs during the import,
and the objects it made (they live as long as the app) are then frozen out of later ones.

While those libraries load, the dynamic loader's lock is held, and any other thread that
loads a native library meanwhile (``import sounddevice`` finding PortAudio, say) waits for it
while holding the GIL, which freezes the window again. Such loads go through
:func:`native_loading`, which makes them take turns without holding the GIL while waiting.
"""

from __future__ import annotations

import ctypes
import gc
import importlib.util
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Relative to each package folder; loading these pulls in every library they link against.
HEAVY_LIBRARIES = {
    "torch": ("lib/libtorch_global_deps.so", "lib/libtorch_python.so", "_C.*.so"),
}

_loading = threading.Lock()


@contextmanager
def native_loading() -> Iterator[None]:
    """Hold this while a worker may load native libraries (waiting releases the GIL)."""
    with _loading:
        yield


def preload_torch() -> None:
    """Load torch's libraries without the GIL, then import it (idempotent, thread-safe)."""
    with _loading:
        if "torch" in sys.modules:
            return
        if sys.platform.startswith("linux"):
            for package, patterns in HEAVY_LIBRARIES.items():
                _dlopen_all(package, patterns)
        collecting = gc.isenabled()
        gc.disable()
        try:
            import torch  # noqa: F401  (the bindings; the libraries are already in memory)
        finally:
            gc.freeze()
            if collecting:
                gc.enable()


def _dlopen_all(package: str, patterns: tuple[str, ...]) -> None:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return
    folder = Path(spec.origin).parent
    libc = ctypes.CDLL(None)
    libc.dlopen.restype = ctypes.c_void_p
    libc.dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
    for pattern in patterns:
        for path in sorted(folder.glob(pattern)):
            # A failure here is harmless: the import below loads the library the usual way.
            libc.dlopen(os.fsencode(path), os.RTLD_NOW | os.RTLD_GLOBAL)
