"""Release files: anything over 2 GiB (the upload limit of common release hosts) is split into
numbered parts; SHA256SUMS lists the whole file (what users check after joining) and every part."""

from __future__ import annotations

import hashlib
from pathlib import Path

PART_SIZE = 1_900 * 1024 * 1024  # below 2 GiB with room for headers
LIMIT = 2 * 1024**3
CHUNK = 16 * 1024 * 1024
JOIN_NOTE = """\
Joining a release file that was split into parts
===============================================
Download every part and SHA256SUMS into one folder, then:

Linux and macOS:
    cat {name}.part-* > {name}
    sha256sum -c SHA256SUMS --ignore-missing      (macOS: shasum -a 256 -c ...)

Windows (Command Prompt):
    copy /b {parts_plus} {name}
    certutil -hashfile {name} SHA256               (compare with SHA256SUMS)
"""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def split(path: Path, part_size: int = PART_SIZE) -> list[Path]:
    """``name.part-000``, ``name.part-001``, ...; the original is removed (its checksum is
    taken first by :func:`finish`)."""
    parts = []
    with path.open("rb") as source:
        index = 0
        while True:
            part = path.with_name(f"{path.name}.part-{index:03d}")
            written = 0
            with part.open("wb") as out:
                while written < part_size:
                    chunk = source.read(min(CHUNK, part_size - written))
                    if not chunk:
                        break
                    out.write(chunk)
                    written += len(chunk)
            if not written:
                part.unlink()
                break
            parts.append(part)
            index += 1
    path.unlink()
    return parts


def finish(folder: Path, files: list[Path], limit: int = LIMIT, part_size: int = PART_SIZE) -> Path:
    """Checksums for ``files``, splitting those over ``limit``; returns the SHA256SUMS path."""
    lines = []
    for path in files:
        lines.append(f"{sha256(path)}  {path.name}")
        if path.stat().st_size > limit:
            parts = split(path, part_size)
            lines += [f"{sha256(part)}  {part.name}" for part in parts]
            note = folder / f"{path.name}.JOIN.txt"
            note.write_text(
                JOIN_NOTE.format(name=path.name, parts_plus="+".join(p.name for p in parts))
            )
    sums = folder / "SHA256SUMS"
    sums.write_text("\n".join(lines) + "\n")
    return sums
