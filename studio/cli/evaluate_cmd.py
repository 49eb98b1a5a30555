"""``persona-studio evaluate GENERATOR``: the yardstick for a voice-to-face generator (one table
on stdout, JSON with ``--json``); see ``studio.evaluation.face_evaluation``."""

from __future__ import annotations

import json
import math
import sys
import time
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
    from studio.api import Kind, Task

    if args.speakers < 2 or args.utterances < 1:
        raise StudioError("--speakers must be at least 2 and --utterances at least 1")
    if args.real is not None and not args.real.is_dir():
        raise StudioError(f"{args.real}: not a folder of recordings")
    context = Context()
    info = context.host.generator(args.generator)
    audio_slots = [slot for slot in info.inputs if slot.kind is Kind.AUDIO]
    if info.task is not Task.VOICE_TO_FACE or info.output is not Kind.IMAGE or not audio_slots:
        raise StudioError(f"{info.id} is not a voice-to-face generator: evaluate measures faces")

    from studio.engine import GenerateRequest
    from studio.evaluation.face_evaluation import (
        describe_sets,
        evaluate_generator,
        real_voices,
        synthetic_voices,
    )
    from studio.evaluation.yardstick_table import table

    started = time.perf_counter()
    from studio.demodata.espeak_voices import EspeakUnavailable

    try:
        real = real_voices(args.real, espeak=not args.no_espeak)
    except EspeakUnavailable as error:  # the synthetic set still says something
        print(
            f"persona-studio: note: no espeak-ng voices in real speech ({error})", file=sys.stderr
        )
        real = real_voices(args.real, espeak=False)
    except ValueError as error:  # a recording that cannot be read or labelled: named
        raise StudioError(str(error)) from None
    voice_sets = {"synthetic": synthetic_voices(args.speakers, args.utterances), "real": real}
    slot = audio_slots[0].name

    def generate(audio) -> object:
        request = GenerateRequest(info.id, {slot: audio}, weights=args.weights, device=args.device)
        result = context.engine.generate(request)
        generate.model = result.model
        return result.output.pixels

    generate.model = None
    bar = ProgressBar("evaluate")
    try:
        figures = evaluate_generator(generate, voice_sets, progress=bar)
    finally:
        bar.close()
    model = generate.model
    report = {
        "generator": info.id,
        "weights": f"{model.plugin}/{model.name}" if model else args.weights,
        "speech_sets": describe_sets(voice_sets),
        **figures,
        "seconds": round(time.perf_counter() - started, 1),
    }
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
