"""The hooks a plugin may implement; the host refuses any other ``studio_*`` hook name."""

from __future__ import annotations

import pluggy

PROJECT = "persona_studio"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def studio_generators() -> list:
    """The generators this plugin provides, as :class:`studio.api.GeneratorInfo` descriptors.

    When: once per plugin at start-up (and in ``persona-studio plugins``), before the window
    opens, in a process that may never run a model.

    Returns: a list of ``GeneratorInfo``, each id starting with the plugin's entry-point name
    (``"wen2019:voice-to-face"``). The descriptors name their callables as ``"module:function"``
    strings (``load``, ``trainer``, ``untrained``, each ``ImporterSpec.function``), which must
    satisfy :mod:`studio.api.contract`'s ``Loader``, ``Trainer``, ``UntrainedFactory`` and
    ``Importer``; they are imported only when first used.

    Must not import torch or model code: a slow or failing import here slows or breaks start-up.
    A hook that raises, returns something else or a malformed descriptor is listed as failed
    with the reason; the other plugins load as usual.

    Example::

        @hookimpl
        def studio_generators():
            return [GeneratorInfo(id="mine:voice-to-face", title="Voice to face",
                                  task=Task.VOICE_TO_FACE, inputs=(Slot("voice", Kind.AUDIO),),
                                  output=Kind.IMAGE, load="studio_mine.generator:load")]
    """
