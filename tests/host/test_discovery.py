"""Plugins are found through entry points; every kind of broken plugin is recorded and the
others keep working."""

import pytest
from plugin_sites import add_module, install_example, register

from studio.host import PluginHost

GOOD_INFO = """
from studio.api import GeneratorInfo, Kind, Param, Slot, Task, hookimpl

def info(id, **changes):
    fields = dict(id=id, title="t", task=Task.VOICE_TO_FACE, inputs=(Slot("voice", Kind.AUDIO),),
                  output=Kind.IMAGE, load="nowhere:load")
    fields.update(changes)
    return GeneratorInfo(**fields)
"""

BROKEN = {
    "fails_to_import": "import a_module_that_does_not_exist\n",
    "raises_in_hook": GOOD_INFO
    + "@hookimpl\ndef studio_generators():\n    raise RuntimeError('boom')\n",
    "returns_garbage": GOOD_INFO + "@hookimpl\ndef studio_generators():\n    return 'not a list'\n",
    "returns_dicts": GOOD_INFO + "@hookimpl\ndef studio_generators():\n    return [{'id': 'x'}]\n",
    "unknown_hook": GOOD_INFO + "@hookimpl\ndef studio_generatorz():\n    return []\n",
    "bad_hook_signature": GOOD_INFO + "@hookimpl\ndef studio_generators(extra):\n    return []\n",
    "bad_param": GOOD_INFO
    + (
        "@hookimpl\ndef studio_generators():\n"
        "    return [info('bad_param:one', params=(Param('v', float, 5.0, 0.0, 1.0),))]\n"
    ),
    "duplicates": GOOD_INFO
    + (
        "@hookimpl\ndef studio_generators():\n"
        "    return [info('duplicates:one'), info('duplicates:one')]\n"
    ),
    "wrong_prefix": GOOD_INFO
    + ("@hookimpl\ndef studio_generators():\n    return [info('example:voice-to-swatch')]\n"),
    "newer_contract": "STUDIO_CONTRACT = 2\n"
    + GOOD_INFO
    + "@hookimpl\ndef studio_generators():\n    return [info('newer_contract:one')]\n",
    "odd_contract": "STUDIO_CONTRACT = '1'\n"
    + GOOD_INFO
    + "@hookimpl\ndef studio_generators():\n    return [info('odd_contract:one')]\n",
}
EXPECTED = {
    "fails_to_import": ("import", "ModuleNotFoundError"),
    "raises_in_hook": ("hook", "RuntimeError: boom"),
    "returns_garbage": ("hook", "returned str, not a list"),
    "returns_dicts": ("descriptor", "instead of a GeneratorInfo"),
    "unknown_hook": ("hook", "unknown hook(s) studio_generatorz"),
    "bad_hook_signature": ("hook", "extra"),
    "bad_param": ("descriptor", "default 5.0 is invalid"),
    "duplicates": ("descriptor", "duplicate generator id 'duplicates:one'"),
    "wrong_prefix": ("descriptor", "must start with the plugin's name 'wrong_prefix:'"),
    "newer_contract": ("contract", "written for plugin contract 2, but this Persona Studio speaks contract 1"),
    "odd_contract": ("contract", "STUDIO_CONTRACT must be a whole number"),
}


@pytest.fixture
def crowded_site(plugin_site):
    install_example(plugin_site)
    for name, source in BROKEN.items():
        add_module(plugin_site, f"plugin_{name}", source)
        register(plugin_site, f"broken-{name}", name, f"plugin_{name}")
    return plugin_site


def test_the_example_third_party_plugin_is_found_through_its_entry_point(plugin_site):
    install_example(plugin_site)
    host = PluginHost()
    record = host.plugins["example"]
    assert (
        record.ok and record.version == "0.2.0" and record.distribution == "persona-studio-example"
    )
    assert host.generator("example:voice-to-swatch").plugin == "example"


def test_every_broken_plugin_is_recorded_and_the_others_keep_working(crowded_site):
    host = PluginHost()
    for name, (stage, words) in EXPECTED.items():
        failures = host.plugins[name].failures
        assert failures, f"{name} was not recorded as failed"
        assert failures[0].stage == stage and words in failures[0].message, (name, failures)
    assert "example:voice-to-swatch" in host.generators
    assert "wen2019:voice-to-face" in host.generators
    # the duplicate plugin keeps its first, valid generator
    assert host.plugins["duplicates"].generators == ["duplicates:one"]


def test_unknown_generator_names_the_available_ones(plugin_site):
    install_example(plugin_site)
    with pytest.raises(Exception, match="unknown generator 'nope:x'.*example:voice-to-swatch"):
        PluginHost().generator("nope:x")


def test_discovery_does_not_import_the_model_code(plugin_site):
    import sys

    install_example(plugin_site)
    PluginHost()
    assert "studio_example.plugin" in sys.modules
    assert "studio_example.swatch" not in sys.modules
