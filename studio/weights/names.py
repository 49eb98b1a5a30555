"""Plugin and model names become folder names, so only safe identifiers are accepted."""

from __future__ import annotations

import re

from studio.api.errors import WeightsError

# No separators, no leading dot (keeps "..", hidden folders and the store's own
# ".tmp-"/".old-" staging folders out of reach).
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
MAX_LENGTH = 100  # well under every file system's limit, with room for staging prefixes


def check_name(value: object, what: str = "model name") -> str:
    """``value`` when it is a safe folder name, else :class:`WeightsError`."""
    if not isinstance(value, str) or len(value) > MAX_LENGTH or not SAFE_NAME.fullmatch(value):
        raise WeightsError(
            f"{what} {value!r} is not allowed: use letters, digits, '.', '_' and '-', "
            f"starting with a letter or digit, at most {MAX_LENGTH} characters"
        )
    return value
