"""Files the frozen app never reads, kept out of the bundle: C++ headers and CMake files of
torch, test suites, type stubs, byte-code caches and Qt pieces of modules the app does not use."""

from __future__ import annotations

from fnmatch import fnmatch

DROPPED = (
    "torch/include/*",
    "torch/share/*",
    "torch/test/*",
    "torch/testing/_internal/data/*",
    "torch/_inductor/codegen/*.h",
    "torchgen/*",
    "caffe2/*",
    "functorch/include/*",
    "*/__pycache__/*",
    "*.pyi",
    "*.a",
    "*/tests/*",
    "scipy/*/tests/*",
    "numpy/*/tests/*",
    "PySide6/Qt/translations/qtwebengine*",
    "PySide6/Qt/lib/libQt6WebEngine*",
    "PySide6/Qt/lib/libQt6Quick*",
    "PySide6/Qt/lib/libQt6Qml*",
    "PySide6/Qt/lib/libQt6Pdf*",
    "PySide6/Qt/qml/*",
)


def keep_file(destination: str) -> bool:
    path = destination.replace("\\", "/")
    return not any(fnmatch(path, pattern) for pattern in DROPPED)
