"""Turning plugins off (remembered), safe mode, and the crash marker: a plugin that kills the
process while it loads is turned off at the next start, and the user is told why."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from plugin_sites import add_module, install_example, register

from studio.host import PluginHost
from studio.host.plugin_state import BUILTIN, SAFE_MODE_REASON, PluginGate, PluginState, marker_path

KILLER = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"


def test_a_disabled_plugin_is_not_imported_and_the_choice_is_remembered(plugin_site):
    install_example(plugin_site)
    PluginState.load().set_enabled("example", False)
    host = PluginHost(gate=PluginGate())
    record = host.plugins["example"]
    assert record.status == "off" and record.skipped == "disabled by you"
    assert "studio_example.plugin" not in sys.modules
    assert "example:voice-to-swatch" not in host.generators
    assert "wen2019:voice-to-face" in host.generators

    PluginState.load().set_enabled("example", True)
    assert "example:voice-to-swatch" in PluginHost(gate=PluginGate()).generators


def test_safe_mode_loads_only_the_built_in_plugins(plugin_site):
    install_example(plugin_site)
    host = PluginHost(gate=PluginGate(safe_mode=True))
    assert host.plugins["example"].skipped == SAFE_MODE_REASON
    assert host.plugins["wen2019"].status == "ok"
    assert "wen2019:voice-to-face" in host.generators
    assert {info.plugin for info in host.generators.values()} <= set(BUILTIN)
    # safe mode is for this run only: nothing is remembered
    assert PluginState.load().disabled == {}


def test_a_plugin_that_kills_the_process_is_turned_off_at_the_next_start(plugin_site):
    install_example(plugin_site)
    add_module(plugin_site, "plugin_killer", KILLER)
    register(plugin_site, "killer-plugin", "killer", "plugin_killer")
    crashed = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent("""
                from studio.host import PluginHost
                from studio.host.plugin_state import PluginGate
                PluginHost(gate=PluginGate())
                print("survived")
            """),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert crashed.returncode == -9 and "survived" not in crashed.stdout
    assert "killer" in marker_path().read_text()

    gate = PluginGate()
    assert len(gate.notices) == 1 and "'killer' crashed Persona Studio" in gate.notices[0]
    host = PluginHost(gate=gate)  # would kill this test's process if it imported the plugin
    assert host.plugins["killer"].status == "off"
    assert "crashed Persona Studio during its import" in host.plugins["killer"].skipped
    assert "example:voice-to-swatch" in host.generators
    assert not marker_path().exists()
    assert PluginGate().notices == []  # told once


def test_the_first_run_without_a_data_folder_loads_every_plugin(plugin_site, tmp_path, monkeypatch):
    install_example(plugin_site)
    monkeypatch.setenv("PERSONA_STUDIO_DATA", str(tmp_path / "not" / "made" / "yet"))
    host = PluginHost(gate=PluginGate())
    assert host.plugins["example"].status == "ok" and "example:voice-to-swatch" in host.generators
