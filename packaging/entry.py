"""The frozen app's entry point: ``PersonaStudio`` is ``persona-studio`` (the desktop app with no
arguments, every command line command otherwise, ``--selftest`` for the installed self-test)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # A frozen executable re-runs itself for spawned worker processes; this makes such a child
    # run its worker instead of a second app (a no-op everywhere else).
    multiprocessing.freeze_support()
    from studio.cli.main import main

    sys.exit(main())
