"""The host's model store: entries of ``model.safetensors``, ``config.json`` and ``source.json``.

Importing this package never imports torch; only :meth:`ModelStore.add` does, when it writes.
"""

from .entry import CONFIG_FILE, MODEL_FILE, SOURCE_FILE, open_entry
from .hashing import sha256_file
from .location import DATA_ENV, store_root
from .names import check_name
from .store import ModelEntry, ModelStore
from .verify import Status, VerifyReport, verify_entry

__all__ = [
    "CONFIG_FILE",
    "DATA_ENV",
    "MODEL_FILE",
    "SOURCE_FILE",
    "ModelEntry",
    "ModelStore",
    "Status",
    "VerifyReport",
    "check_name",
    "open_entry",
    "sha256_file",
    "store_root",
    "verify_entry",
]
