"""``persona-studio``: argument parsing, dispatch and the one-line error contract.

Every user-facing problem (bad input, wrong checkpoint, unknown generator, bad ``--set``)
prints one line and exits with status 2; ``--debug`` shows the traceback instead. Command
modules are imported only when their command runs, so ``plugins`` never loads torch.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
import warnings

from studio import __version__

EXIT_USAGE = 2
EXIT_FAILURE = 1
EXIT_CANCELLED = 130
COMMANDS = {
    "gui": "studio.cli.gui_cmd",
    "plugins": "studio.cli.plugins_cmd",
    "models": "studio.cli.models_cmd",
    "generate": "studio.cli.generate_cmd",
    "selftest": "studio.cli.selftest_cmd",
    "train": "studio.cli.train_cmd",
    "demo-data": "studio.cli.demo_data_cmd",
    "manifest": "studio.cli.manifest_cmd",
    "evaluate": "studio.cli.evaluate_cmd",
}


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line instead of argparse's usage block
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> Parser:
    parser = Parser(
        prog="persona-studio", description="Voices to faces, faces to voices, sounds to scenes."
    )
    parser.add_argument("--version", action="version", version=f"persona-studio {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument(
        "--safe-mode",
        action="store_true",
        help="load only the built-in plugins (when a third-party plugin stops the app starting)",
    )
    commands = parser.add_subparsers(dest="command", parser_class=Parser, metavar="COMMAND")
    for module in COMMANDS.values():
        importlib.import_module(module).add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    from studio.api.errors import Cancelled, StudioError

    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    quiet_warnings(debug)
    argv = with_default_command(argv)
    if "--safe-mode" in argv:  # a top-level option, wherever it was typed
        argv = ["--safe-mode"] + [word for word in argv if word != "--safe-mode"]
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:  # no command: open the desktop app
            args = build_parser().parse_args(["--safe-mode"] * args.safe_mode + ["gui"])
        if args.safe_mode:
            from studio.app.context import Context

            Context.safe_mode = True
        return int(args.run(args) or 0)
    except UsageError as error:
        return _fail(str(error), EXIT_USAGE, debug)
    except Cancelled:
        return _fail("cancelled", EXIT_CANCELLED, debug)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_CANCELLED, debug)
    except StudioError as error:
        return _fail(str(error), EXIT_USAGE, debug)
    except Exception as error:  # a bug: still one line, the traceback with --debug
        return _fail(
            f"internal error: {type(error).__name__}: {error} (run with --debug for details)",
            EXIT_FAILURE,
            debug,
        )


def with_default_command(argv: list[str]) -> list[str]:
    """``persona-studio voice.wav take2.flac`` opens the files in the app, like ``gui FILES``;
    ``persona-studio --selftest`` is the whole self-test, window included."""
    from pathlib import Path

    if "--selftest" in argv:
        rest = [word for word in argv if word not in ("--selftest", "--debug")]
        return ["--debug"] * ("--debug" in argv) + ["selftest", "--window", *rest]
    words = [word for word in argv if not word.startswith("-")]
    if words and words[0] not in COMMANDS and Path(words[0]).exists():
        return ["gui", *argv]
    return argv


def quiet_warnings(debug: bool) -> None:
    """Library warnings (numpy, Pillow, torch) about a user's odd file are noise beside the
    one-line error the readers give; ``--debug`` shows every one of them."""
    if debug:
        warnings.simplefilter("always")
        os.environ["PERSONA_STUDIO_DEBUG"] = "1"  # native libraries' notes too
    elif not sys.warnoptions:  # python -W ... still wins
        warnings.simplefilter("ignore")


def _fail(message: str, status: int, debug: bool) -> int:
    from studio.api.errors import shown_name

    if debug:
        traceback.print_exc()
    message = " ".join(shown_name(message).split())  # one line, whatever the cause wrote
    print(f"persona-studio: error: {message}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
