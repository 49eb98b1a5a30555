"""`persona-studio --safe-mode` loads only the built-in plugins; `plugins --disable/--enable`
turns one off and on again, remembered between runs."""

from __future__ import annotations

import pytest
from plugin_sites import install_example

from studio.app.context import Context
from studio.cli.main import main


@pytest.fixture(autouse=True)
def no_lasting_safe_mode(monkeypatch):
    monkeypatch.setattr(Context, "safe_mode", False)


def test_safe_mode_lists_third_party_plugins_as_off(plugin_site, capsys):
    install_example(plugin_site)
    assert main(["plugins", "--safe-mode"]) == 0
    out = capsys.readouterr().out
    assert "example 0.2.0 (persona-studio-example): off: not loaded in safe mode" in out
    assert "wen2019:voice-to-face" in out and "example:voice-to-swatch" not in out


def test_disable_and_enable_are_remembered(plugin_site, capsys):
    install_example(plugin_site)
    assert main(["plugins", "--disable", "example"]) == 0
    assert main(["plugins"]) == 0
    assert "example 0.2.0 (persona-studio-example): off: disabled by you" in capsys.readouterr().out
    assert main(["plugins", "--enable", "example"]) == 0
    assert main(["plugins"]) == 0
    assert "example:voice-to-swatch" in capsys.readouterr().out
