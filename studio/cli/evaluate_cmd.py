"""``persona-studio evaluate GENERATOR``: the yardstick for a voice-to-face generator (one table
on stdout, JSON with ``--json``); see ``studio.evaluation.face_evaluation``."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from studio.api.errors import StudioError
from studio.app.context import Context

from .progress_bar import ProgressBar


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "evaluate", help="measure a voice-to-face generator against the avatar domain"
    )
    parser.add_argument("generator", help="a voice-to-face generator, e.g. wen2019:voice-to-face")
    parser.add_argument("--weights", help="weights name, bundled name or entry folder")
    parser.add_argument(
        "--real",
        type=Path,
        metavar="DIR",
        help="recordings to add to the real-speech set (a file per speaker, or a folder each)",
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures here")
    parser.add_argument(
        "--speakers", type=int, default=40, help="held-out synthetic speakers (default 40)"
    )
    parser.add_argument(
        "--utterances", type=int, default=2, help="utterances per synthetic speaker (default 2)"
    )
    parser.add_argument(
        "--no-espeak", action="store_true", help="leave the espeak-ng voices out of real speech"
    )
    parser.add_argument("--device", default="cpu", help="auto, cpu, cuda, cuda:N or mps")
    parser.set_defaults(run=run)


def run(args) -> int:
    if args.speakers < 2 or args.utterances < 1:
        raise StudioError("--speakers must be at least 2 and --utterances at least 1")
    if args.real is not None and not args.real.is_dir():
        raise StudioError(f"{args.real}: not a folder of recordings")
    context = Context()
    context.host.generator(args.generator)  # an unknown one is named before any work

    from studio.evaluation.face_evaluation import evaluate_face_generator, speech_sets
    from studio.evaluation.yardstick_table import table

    voice_sets = speech_sets(args.real, args.speakers, args.utterances, not args.no_espeak)
    bar = ProgressBar("evaluate")
    try:
        report = evaluate_face_generator(
            context.engine, args.generator, voice_sets, args.weights, args.device, bar
        )
    finally:
        bar.close()
    print(table(report), flush=True)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(_finite(report), indent=1) + "\n")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


def _finite(value):
    """JSON has no infinity or NaN: both become null (a diversity with no spread within)."""
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
