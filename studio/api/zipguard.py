"""Vetting a zip archive's directory before anything in it is decompressed.

Project files and PyTorch checkpoints are zip archives a user may have been sent. A member
declared to inflate a thousandfold (a "zip bomb") would fill memory on reading, and a name
such as ``../../.bashrc`` must never be taken as a place to read or write; both are visible
in the central directory alone, so they are refused before any member is read.
"""

from __future__ import annotations

import zipfile

MAX_MEMBERS = 100_000
MAX_TOTAL_BYTES = 32 << 30  # an hour of 24-bit stereo FLAC per track is ~0.6 GB: ample room
BOMB_RATIO = 200  # deflate's best on real data is well under 100x; zeros reach 1000x
BOMB_FLOOR = 64 << 20  # small members may compress as well as they like


def zip_problem(archive: zipfile.ZipFile) -> str | None:
    """Why ``archive`` must not be read, or None."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return f"the archive holds {len(members)} files; at most {MAX_MEMBERS} are expected"
    total = 0
    for member in members:
        if not is_safe_name(member.filename):
            return f"the archive holds a file named {member.filename!r}, outside the archive"
        size = member.file_size
        if size > BOMB_FLOOR and size > BOMB_RATIO * max(member.compress_size, 1):
            return (
                f"the archive's {member.filename!r} would inflate from {member.compress_size} "
                f"to {size} bytes (a zip bomb)"
            )
        total += size
    if total > MAX_TOTAL_BYTES:
        return f"the archive would inflate to {total >> 30} GB, more than is plausible"
    return None


def is_safe_name(name: str) -> bool:
    """True for a relative name that stays inside the archive (no ``..``, root or drive)."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name:
        return False
    return all(part not in ("..", ".") for part in name.split("/"))
