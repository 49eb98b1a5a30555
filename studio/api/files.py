"""Why a path the user gave cannot be read as a file: one check shared by every reader.

Readers call :func:`require_file` (or :func:`file_problem` when they raise their own error
type) before handing a path to a library, so a folder, a pipe, a device or a symbolic-link
loop is refused in one line instead of blocking forever or surfacing as a library's error.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import InputError

_STAT_FAILURES = {
    errno.ENOENT: "no such file",
    errno.ENOTDIR: "no such file (a part of the path is a file, not a folder)",
    errno.ELOOP: "a symbolic link that loops back on itself",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "the file name is too long",
}


def file_problem(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be opened and read as a regular file, or None when it can."""
    try:
        info = os.stat(path)  # follows symbolic links; a loop fails with ELOOP
    except OSError as error:
        if error.errno == errno.ENOENT and os.path.islink(path):
            return "a symbolic link to a file that does not exist"
        return _STAT_FAILURES.get(error.errno) or f"cannot be read ({error.strerror or error})"
    except ValueError:  # a NUL byte in the name
        return "not a valid file name"
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):  # opening one would wait for a writer forever
        return "is a named pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    # the rights this process opens files with (its effective ids), as open() will check them
    if not os.access(path, os.R_OK, effective_ids=os.access in os.supports_effective_ids):
        return "permission denied"
    return None


def require_file(path: str | os.PathLike[str]) -> Path:
    """``path`` as a Path when it is a readable regular file; InputError naming why not."""
    problem = file_problem(path)
    if problem:
        raise InputError(path, problem)
    return Path(path)

