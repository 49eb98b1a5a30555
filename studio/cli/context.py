"""The host, model store and engine a command needs, built only when it needs them."""

from __future__ import annotations

from functools import cached_property


class Context:
    @cached_property
    def host(self):
        from studio.host import PluginHost

        return PluginHost()

    @cached_property
    def store(self):
        from studio.weights import ModelStore

        return ModelStore()

    @cached_property
    def engine(self):
        from studio.engine import Engine

        return Engine(self.host, self.store)
