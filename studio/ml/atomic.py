"""Atomic file writes for plugins (a crash never leaves a half-written file): the app's own
``studio.base.atomic``, re-exported here because plugins reach the app through ``studio.ml``."""

from studio.base.atomic import replacing, write_bytes_atomically, write_text_atomically

__all__ = ["replacing", "write_bytes_atomically", "write_text_atomically"]
