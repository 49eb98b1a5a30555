"""Replacing a whole folder in one step, so a crash never leaves half an entry under its name.

A new entry is built in a hidden staging folder beside its destination (same file system, so
the final rename is atomic), flushed to disk, then renamed into place. Hidden folders start
with a dot, which store names cannot, so they never show up as entries.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from studio.api.errors import WeightsError

STAGING_PREFIX = ".tmp-"
RETIRED_PREFIX = ".old-"


@contextmanager
def staged_directory(destination: Path, *, replace: bool = False) -> Iterator[Path]:
    """Yield an empty folder; when the block succeeds it becomes ``destination``.

    If the block raises, the staging folder is deleted and ``destination`` is untouched.
    An existing ``destination`` is refused unless ``replace``; when replaced, the old folder is
    only deleted after the new one is in place, and is put back if that rename fails.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(
        tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{destination.name}-", dir=destination.parent)
    )
    try:
        yield staging
        fsync_tree(staging)
        _install(staging, destination, replace)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def discard_directory(path: Path) -> None:
    """Delete the folder ``path``; it leaves its name at once, even if deletion is interrupted."""
    retired = _retire(path)
    fsync_dir(path.parent)
    shutil.rmtree(retired)


def fsync_tree(folder: Path) -> None:
    """Flush every file under ``folder``, then the folders: a rename must not expose empty files."""
    for parent, _, files in os.walk(folder, topdown=False):
        for name in files:
            fsync_file(Path(parent, name))
        fsync_dir(Path(parent))


def fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDWR)  # Windows refuses to flush a read-only handle
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def fsync_dir(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open folders; NTFS journals renames itself
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _install(staging: Path, destination: Path, replace: bool) -> None:
    retired = None
    if destination.exists():
        if not replace:
            raise WeightsError(f"{destination}: already exists")
        # From here until the next rename the name is briefly absent (never half-written);
        # a crash in between leaves the old entry intact under its hidden ".old-" name.
        retired = _retire(destination)
    try:
        os.replace(staging, destination)
    except BaseException:
        if retired is not None:
            os.replace(retired, destination)
        raise
    fsync_dir(destination.parent)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


def _retire(path: Path) -> Path:
    """Rename ``path`` to a hidden sibling (a plain rename: atomic, and fast at any size)."""
    retired = path.with_name(f"{RETIRED_PREFIX}{path.name}-{secrets.token_hex(4)}")
    os.replace(path, retired)
    return retired
