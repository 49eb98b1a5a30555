"""Checking that an entry's tensors are still the bytes recorded when it was imported."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from studio.api.errors import WeightsError

from .entry import MODEL_FILE, SOURCE_FILE, read_json, recorded_sha256
from .hashing import sha256_file


class Status(str, enum.Enum):
    OK = "ok"
    MISMATCH = "mismatch"  # model.safetensors changed since import (corruption or tampering)
    MISSING = "missing"  # a file of the entry, or the digest it should record, is missing


@dataclass(frozen=True)
class VerifyReport:
    plugin: str
    name: str
    directory: Path
    status: Status
    expected: str  # the SHA-256 source.json records ("" when it records none)
    actual: str  # the SHA-256 of model.safetensors now ("" when the file is missing)
    message: str

    @property
    def ok(self) -> bool:
        return self.status is Status.OK


def verify_entry(directory: str | PathLike[str], plugin: str) -> VerifyReport:
    """Hash the entry's ``model.safetensors`` and compare it with ``source.json``."""
    directory = Path(directory)
    source_path, model_path = directory / SOURCE_FILE, directory / MODEL_FILE

    def report(status: Status, expected: str, actual: str, message: str) -> VerifyReport:
        return VerifyReport(plugin, directory.name, directory, status, expected, actual, message)

    if not source_path.is_file():
        return report(Status.MISSING, "", "", f"{source_path}: missing")
    try:
        expected = recorded_sha256(read_json(source_path)) or ""
    except WeightsError as error:
        return report(Status.MISSING, "", "", str(error))
    if not expected:
        return report(Status.MISSING, "", "", f"{source_path}: records no valid sha256")
    if not model_path.is_file():
        return report(Status.MISSING, expected, "", f"{model_path}: missing")
    actual = sha256_file(model_path)
    if actual != expected:
        return report(
            Status.MISMATCH,
            expected,
            actual,
            f"{model_path}: changed since import (sha256 {actual}, recorded {expected})",
        )
    return report(Status.OK, expected, actual, f"{model_path}: ok")
