"""SHA-256 of files, read in chunks so multi-gigabyte checkpoints never sit in memory."""

from __future__ import annotations

import hashlib
from os import PathLike

CHUNK = 1 << 20


def sha256_file(path: str | PathLike[str], chunk: int = CHUNK) -> str:
    """The hex SHA-256 digest of the file at ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(chunk):
            digest.update(block)
    return digest.hexdigest()
