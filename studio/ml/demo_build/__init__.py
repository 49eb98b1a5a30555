"""One way to build a bundled demo model: what every plugin's ``scripts/make_demo_model.py``
does around its own recipe.

A script names its :class:`DemoRecipe` and calls :func:`build_demo_model`, which

1. builds the synthetic corpus (``persona-studio demo-data``; a corpus built by the same
   command is reused); a voices-faces recipe says which faces it learns (``faces``: the drawn
   faces the shipped models learnt, or ``"avatar"``), and the record's art line follows,
2. trains through ``persona-studio train`` (one run per stage, the later ones resuming) into a
   scratch model store, so the user's store is never touched,
3. copies the exported entry into the plugin's models folder (or ``--dest``) and marks its
   ``source.json`` as demo weights,
4. writes ``TRAINING.json``: the commands as run, wall and CPU time, torch threads, the corpus
   and its seed, the art the pictures come from and its licence, the final losses, what the
   plugin's own ``measure`` returns and, for face generators, the yardstick: ``persona-studio
   evaluate``'s JSON (recorded when the command exists).

Every command runs in a child process and is echoed, so the log shows how the demo was made.
Scripts with more than one entry (avpgan) use the steps one by one.
"""

from __future__ import annotations

from .build import DemoBuild, build_demo_model, demo_arguments
from .recipe import (
    AVATARS,
    DRAWN_FACES,
    DRAWN_SCENES,
    DemoRecipe,
    corpus_command,
    train_command,
)
from .steps import (
    PersonaStudio,
    ensure_corpus,
    install_entry,
    last_metrics,
    mark_demo_source,
    run_minutes,
    run_persona_studio,
    scratch_store,
    shown,
    torch_threads,
    write_record,
    yardstick,
)

__all__ = [
    "AVATARS",
    "DRAWN_FACES",
    "DRAWN_SCENES",
    "DemoBuild",
    "DemoRecipe",
    "PersonaStudio",
    "build_demo_model",
    "corpus_command",
    "demo_arguments",
    "ensure_corpus",
    "install_entry",
    "last_metrics",
    "mark_demo_source",
    "run_minutes",
    "run_persona_studio",
    "scratch_store",
    "shown",
    "torch_threads",
    "train_command",
    "write_record",
    "yardstick",
]
