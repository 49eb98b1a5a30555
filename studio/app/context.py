"""The host, model store and engine a command needs, built only when it needs them."""

from __future__ import annotations

from functools import cached_property


class Context:
    # ``persona-studio --safe-mode``: only the built-in plugins load (set once by main).
    safe_mode = False

    @cached_property
    def gate(self):
        """Which plugins load this run (the user's choices, safe mode, the crash marker)."""
        from studio.host.plugin_state import PluginGate

        return PluginGate(safe_mode=self.safe_mode)

    @cached_property
    def host(self):
        from studio.host import PluginHost

        return PluginHost(gate=self.gate)

    @cached_property
    def store(self):
        from studio.weights import ModelStore

        return ModelStore()

    @cached_property
    def engine(self):
        from studio.engine import Engine

        return Engine(self.host, self.store)
