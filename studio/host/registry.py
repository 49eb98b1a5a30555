"""PluginHost: registers discovered plugins with pluggy, calls each one's hook in isolation,
validates the descriptors it returns and keeps a record of every failure."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pluggy

from studio.api import GeneratorInfo, hookspecs
from studio.api.contract import CONTRACT_ATTRIBUTE, CONTRACT_VERSION
from studio.api.errors import StudioError

from .discovery import FoundPlugin, describe_error, find_plugins

HOOK_PREFIX = "studio_"
KNOWN_HOOKS = {name for name in dir(hookspecs) if name.startswith(HOOK_PREFIX)}
IMPL_MARKER = f"{hookspecs.PROJECT}_impl"


class PluginError(StudioError):
    """A plugin's own code failed (while loading a model or generating)."""


@dataclass
class PluginFailure:
    plugin: str
    stage: str  # import, contract, hook, descriptor, load, generate
    message: str

    def __str__(self) -> str:
        return f"{self.plugin} ({self.stage}): {self.message}"


@dataclass
class PluginRecord:
    name: str
    distribution: str
    version: str
    generators: list[str] = field(default_factory=list)
    failures: list[PluginFailure] = field(default_factory=list)
    skipped: str | None = None  # not loaded this run, and why (disabled, safe mode)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def status(self) -> str:
        return "off" if self.skipped else "ok" if self.ok else "failed"


class PluginHost:
    def __init__(self, found: Iterable[FoundPlugin] | None = None, gate=None) -> None:
        """``gate`` (a :class:`~.plugin_state.PluginGate`) decides which plugins load and marks
        each while its code runs, so one that crashes the process is turned off next time."""
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self.plugins: dict[str, PluginRecord] = {}
        self.generators: dict[str, GeneratorInfo] = {}
        self.gate = gate
        for plugin in find_plugins(gate) if found is None else found:
            self._add(plugin)

    # -- discovery -------------------------------------------------------------------------

    def _add(self, plugin: FoundPlugin) -> None:
        record = PluginRecord(plugin.name, plugin.distribution, plugin.version)
        self.plugins[plugin.name] = record
        if plugin.skipped:
            record.skipped = plugin.skipped
            return
        if plugin.module is None:
            self._fail(record, "import", plugin.error or "not loaded")
            return
        problem = _contract_problem(plugin.module)
        if problem:
            self._fail(record, "contract", problem)
            return
        unknown = sorted(_unknown_hooks(plugin.module))
        if unknown:
            self._fail(record, "hook", f"implements unknown hook(s) {', '.join(unknown)}")
            return
        try:
            self.manager.register(plugin.module, name=plugin.name)
        except Exception as error:  # pluggy validation: bad hook signature, double registration
            self._fail(record, "hook", describe_error(error))
            return
        for impl in self.manager.hook.studio_generators.get_hookimpls():
            if impl.plugin_name == plugin.name:
                with self._marked(plugin.name, "start-up hook"):
                    self._collect(record, impl.function)

    def _collect(self, record: PluginRecord, hook: Callable[[], Any]) -> None:
        try:
            returned = hook()
        except Exception as error:
            self._fail(record, "hook", f"studio_generators raised {describe_error(error)}")
            return
        if not isinstance(returned, (list, tuple)):
            self._fail(
                record, "hook", f"studio_generators returned {type(returned).__name__}, not a list"
            )
            return
        for info in returned:
            problem = self._problem(record, info)
            if problem:
                self._fail(record, "descriptor", problem)
                continue
            self.generators[info.id] = info
            record.generators.append(info.id)

    def _problem(self, record: PluginRecord, info: Any) -> str | None:
        if not isinstance(info, GeneratorInfo):
            return f"returned {type(info).__name__!s} instead of a GeneratorInfo"
        problems = info.problems()
        if problems:
            return "; ".join(problems)
        if info.plugin != record.name:
            return f"generator id {info.id!r} must start with the plugin's name '{record.name}:'"
        if info.id in self.generators:
            return f"duplicate generator id {info.id!r}, already provided"
        return None

    def _fail(self, record: PluginRecord, stage: str, message: str) -> None:
        record.failures.append(PluginFailure(record.name, stage, message))

    # -- queries and lazy loading ----------------------------------------------------------

    @property
    def failures(self) -> list[PluginFailure]:
        return [failure for record in self.plugins.values() for failure in record.failures]

    def generator(self, generator_id: str) -> GeneratorInfo:
        try:
            return self.generators[generator_id]
        except KeyError:
            known = ", ".join(sorted(self.generators)) or "none"
            raise StudioError(f"unknown generator {generator_id!r} (available: {known})") from None

    def resolve(self, info: GeneratorInfo, dotted: str) -> Any:
        """Import a plugin's ``module:attribute`` path on first use; failures are recorded."""
        module_name, _, attribute = dotted.partition(":")
        try:
            with self._marked(info.plugin, "model import"):
                value: Any = importlib.import_module(module_name)
            for part in attribute.split("."):
                value = getattr(value, part)
        except Exception as error:
            self.record_failure(
                info.plugin, "load", f"cannot import {dotted}: {describe_error(error)}"
            )
            raise PluginError(
                f"{info.id}: cannot import {dotted}: {describe_error(error)}"
            ) from error
        return value

    def _marked(self, plugin: str, stage: str):
        return self.gate.loading(plugin, stage) if self.gate else nullcontext()

    def record_failure(self, plugin: str, stage: str, message: str) -> None:
        record = self.plugins.get(plugin)
        if record is not None:
            self._fail(record, stage, message)


def _contract_problem(module: ModuleType) -> str | None:
    """Why the app cannot speak to ``module`` (None when it can): its declared contract."""
    wanted = getattr(module, CONTRACT_ATTRIBUTE, 1)
    if isinstance(wanted, bool) or not isinstance(wanted, int) or wanted < 1:
        return f"{CONTRACT_ATTRIBUTE} must be a whole number from 1, not {wanted!r}"
    if wanted > CONTRACT_VERSION:
        return (
            f"written for plugin contract {wanted}, but this Persona Studio speaks contract "
            f"{CONTRACT_VERSION}: update the app, or install an older version of the plugin"
        )
    return None


def _unknown_hooks(module: ModuleType) -> set[str]:
    return {
        name
        for name, value in vars(module).items()
        if hasattr(value, IMPL_MARKER) and name not in KNOWN_HOOKS
    }
