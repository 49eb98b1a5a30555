"""Plugin host: finds plugins through entry points, validates what they declare, isolates failures.

The host never imports a model: generators are declared by light descriptors and their
``load`` path is imported only when the engine first needs it.
"""

from .discovery import ENTRY_POINT_GROUP
from .registry import PluginFailure, PluginHost, PluginRecord

__all__ = ["ENTRY_POINT_GROUP", "PluginFailure", "PluginHost", "PluginRecord"]
