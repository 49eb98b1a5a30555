"""``persona-studio generate``: run one generator on files and save the result with its recipe."""

from __future__ import annotations

import signal
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from studio.api.errors import InputError, StudioError
from studio.app.context import Context

from .progress_bar import ProgressBar


def add_parser(commands) -> None:
    parser = commands.add_parser("generate", help="run a generator on files")
    parser.add_argument("generator", nargs="?", help="generator id, e.g. wen2019:voice-to-face")
    parser.add_argument(
        "inputs",
        nargs="*",
        type=Path,
        help="several input files or folders: one output each, into the folder -o names",
    )
    parser.add_argument(
        "--audio",
        type=Path,
        action="append",
        help="audio file for the generator's audio input; several are mixed as the app's mixer "
        "does, at the volumes of --set mix=DB,DB,... (default 0 dB each)",
    )
    parser.add_argument("--image", type=Path, help="image file for the generator's image input")
    parser.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="SLOT=FILE",
        help="a file for the input named SLOT (for generators with two inputs of one kind, "
        "e.g. --input reference=voice.wav); an unknown SLOT lists the generator's inputs",
    )
    parser.add_argument(
        "--weights", help="weights name, bundled name, entry folder, or 'untrained'"
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed (default 0)")
    add_set_option(parser, "set a generator param (repeatable)")
    parser.add_argument("--device", help="auto, cpu, cuda, cuda:N or mps")
    parser.add_argument(
        "--enhance",
        nargs="?",
        const="",
        metavar="RESTORER",
        help="lift a face result with a face restorer (default: avpgan:restore-face) to its "
        "size (512 px with the demo restorer); the file holds the restored face",
    )
    parser.add_argument(
        "--enhance-weights", metavar="NAME", help="the restorer's weights (default: its own)"
    )
    parser.add_argument(
        "--save-latent", type=Path, metavar="FILE.npz", help="also save the latent decode consumed"
    )
    parser.add_argument(
        "--latent",
        type=Path,
        metavar="FILE.npz",
        help="decode this saved latent instead of encoding inputs",
    )
    parser.add_argument(
        "--recipe", type=Path, metavar="RESULT", help="reproduce a result from its embedded recipe"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="output .png, .wav or .flac (with several inputs: the output folder)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    from studio.engine.latent_io import load_latent, save_latent
    from studio.engine.outputs import save_output

    context = Context()
    if args.inputs:
        return run_many(context, args)
    request = (
        request_from_recipe(context, args) if args.recipe else request_from_args(context, args)
    )
    if args.latent:
        from studio.weights.hashing import sha256_file

        request.latent = load_latent(args.latent)
        request.latent_source = {
            "path": str(args.latent.resolve()),
            "sha256": sha256_file(args.latent),
        }
    if request.latent is None:
        warn_about_faceless_pictures(context, request)
    step = enhance_step(context, args)
    bar = ProgressBar(request.generator)
    try:
        with cancel_on_ctrl_c(bar) as progress:
            result = context.engine.generate(request, progress.span(0.0, 0.6 if step else 1.0))
            if step is not None:
                from studio.engine.enhance import enhance

                result = enhance(context.engine, result, step, progress.span(0.6, 1.0))
    finally:
        bar.close()
    save_output(args.output, result.output, result.recipe)
    if args.save_latent:
        save_latent(args.save_latent, result.latent)
    print(
        f"wrote {args.output} ({result.info.id}, weights {result.model.plugin}/{result.model.name}, seed {request.seed})"
    )
    return 0


def enhance_step(context: Context, args):
    """The restoration to run after generating (a ``Restoration``): ``--enhance``, or the one
    a recipe records; None for neither."""
    from studio.engine.enhance import Restoration, restorer

    if args.enhance is not None:
        name = restorer(context.engine, args.enhance or None).id  # named before any work
        return Restoration(name, args.enhance_weights, args.device)
    recorded = getattr(args, "recorded_enhance", None)
    if recorded:
        return replace(Restoration.recorded(recorded), device=args.device)
    return None


def warn_about_faceless_pictures(context: Context, request) -> None:
    """A note on stderr for each picture file given to a face input in which no face is found."""
    from studio.api import Kind

    info = context.host.generator(request.generator)
    for slot in info.inputs:
        value = request.inputs.get(slot.name)
        if slot.kind is Kind.IMAGE and slot.content == "face" and isinstance(value, (str, Path)):
            if not Path(value).is_file():
                continue  # the engine names a missing file
            from studio.images.face_note import missing_face_note

            note = missing_face_note(Path(value), info.id)
            if note:
                print(f"note: {note}", file=sys.stderr)


def run_many(context: Context, args) -> int:
    """``generate GEN FILE... -o FOLDER``: one output per file; failures are listed, not fatal."""
    from studio.app.batch import batch_inputs, run_batch, summary

    if args.enhance is not None:
        raise StudioError("--enhance lifts one result at a time: give one input")
    if args.recipe or args.latent or args.save_latent or args.audio or args.image:
        raise StudioError("with several inputs use neither --recipe, --latent, --save-latent, "
                          "--audio nor --image (--input SLOT=FILE gives every item the same "
                          "file for SLOT)")  # fmt: skip
    if not args.generator:
        raise StudioError("name a generator (see 'persona-studio plugins')")
    if args.output.suffix.lower() in (".png", ".wav", ".flac") and not args.output.is_dir():
        raise StudioError(f"{args.output}: with several inputs, -o names a folder")
    info = context.host.generator(args.generator)
    inputs = batch_inputs(args.inputs, info)
    missing = [str(path) for path in inputs if not path.is_file()]
    if missing:
        raise InputError(missing[0], "no such file")
    if not inputs:
        raise StudioError(f"no input files {info.title} can take were found")
    bar = ProgressBar(f"{info.id} x{len(inputs)}")
    try:
        with cancel_on_ctrl_c(bar) as progress:
            items = run_batch(
                context.engine, info, inputs, args.output, parse_settings(args.settings),
                0 if args.seed is None else args.seed, args.weights, args.device, progress,
                fixed=named_inputs(info, args.input),
            )  # fmt: skip
    finally:
        bar.close()
    for item in items:
        if item.ok:
            print(f"wrote {item.output} (from {item.input})")
    print(summary(items))
    return 0 if all(item.ok for item in items) else 1


def request_from_args(context: Context, args):
    from studio.api import Kind
    from studio.engine import GenerateRequest

    if not args.generator:
        raise StudioError("name a generator (see 'persona-studio plugins') or give --recipe")
    info = context.host.generator(args.generator)
    params = parse_settings(args.settings)
    audio = args.audio or []
    sound = mixed_audio(audio, params.pop("mix", "")) if len(audio) > 1 else next(iter(audio), None)
    inputs = {}
    for kind, value in ((Kind.AUDIO, sound), (Kind.IMAGE, args.image)):
        if value is None:
            continue
        slots = [slot for slot in info.inputs if slot.kind is kind]
        if not slots:
            raise StudioError(f"{info.id} takes no {kind.value} input")
        inputs[slots[0].name] = value
    inputs.update(named_inputs(info, args.input))
    return GenerateRequest(
        generator=info.id,
        inputs=inputs,
        params=params,
        seed=0 if args.seed is None else args.seed,
        weights=args.weights,
        device=args.device,
    )


def named_inputs(info, assignments: list[str]) -> dict[str, Path]:
    """``--input SLOT=FILE`` values, checked against the generator's input slots."""
    slots = {slot.name: slot for slot in info.inputs}
    named = {}
    for assignment in assignments:
        name, equals, path = assignment.partition("=")
        if not equals or not name or not path:
            raise StudioError(f"--input {assignment!r}: write it as SLOT=FILE")
        if name not in slots:
            choices = ", ".join(f"{s.name} ({s.kind.value})" for s in info.inputs)
            raise StudioError(f"{info.id} has no input '{name}'; its inputs: {choices}")
        named[name] = Path(path)
    return named


def mixed_audio(paths: list[Path], volumes: str):
    """Several --audio files summed as the app's mixer sums tracks (``studio.audio.mix``), each
    at its ``mix`` volume in dB."""
    from studio.audio.io import read_audio
    from studio.audio.mix import mix

    try:
        gains = (
            [float(part) for part in volumes.split(",")] if volumes.strip() else [0.0] * len(paths)
        )
    except ValueError:
        raise StudioError(f"--set mix={volumes!r}: expected volumes in dB, e.g. 0,-6") from None
    if len(gains) != len(paths):
        raise StudioError(
            f"--set mix={volumes!r}: {len(paths)} --audio files need {len(paths)} volumes"
        )
    mixed = mix([read_audio(path) for path in paths], gains)
    label = " + ".join(f"{path.name} ({gain:+g} dB)" for path, gain in zip(paths, gains))
    return type(mixed)(mixed.samples, mixed.rate, label)


def add_set_option(parser, help: str) -> None:
    """``--set NAME=VALUE`` (repeatable), collected as text for ``parse_settings``."""
    parser.add_argument(
        "--set", dest="settings", action="append", default=[], metavar="NAME=VALUE", help=help
    )


def parse_settings(settings: list[str]) -> dict[str, str]:
    params = {}
    for setting in settings:
        name, equals, value = setting.partition("=")
        if not equals or not name.strip():
            raise StudioError(f"--set {setting!r}: expected NAME=VALUE")
        params[name.strip()] = value.strip()
    return params


def request_from_recipe(context: Context, args):
    """The request a result's recipe describes; inputs must be the very files it was made from."""
    from studio.engine import GenerateRequest
    from studio.engine.recipe import read_recipe
    from studio.weights.hashing import sha256_file

    recipe = read_recipe(args.recipe)
    try:  # a recipe from another machine may name a generator or params this one lacks
        info = context.host.generator(recipe.generator)
        context.engine.params_for(info, recipe.params)
    except StudioError as error:
        raise InputError(args.recipe, f"its recipe cannot be run here: {error}") from None
    inputs = {}
    for slot, recorded in recipe.inputs.items():
        path = Path(recorded["path"])
        if not recorded["path"] or not path.is_file():
            raise InputError(
                args.recipe,
                f"the input '{slot}' it was made from is gone ({recorded['path'] or 'in memory'})",
            )
        if sha256_file(path) != recorded["sha256"]:
            raise InputError(path, "this input changed since the result was made (sha256 differs)")
        inputs[slot] = path
    if recipe.latent and not args.latent:
        args.latent = Path(recipe.latent["path"])
    args.recorded_enhance = recipe.enhance  # made again after the generator, as recorded
    return GenerateRequest(
        generator=recipe.generator,
        inputs=inputs,
        params=dict(recipe.params),
        seed=recipe.seed if args.seed is None else args.seed,
        weights=args.weights or recipe.weights["name"],
        device=args.device or recipe.device,
        expect_weights_sha256=recipe.weights["sha256"],
    )


@contextmanager
def cancel_on_ctrl_c(bar: ProgressBar):
    """A Progress whose first Ctrl-C cancels the job cooperatively (a second one interrupts at
    once); the previous SIGINT handler is back when the job ends."""
    from studio.api import CancelToken, Progress

    token = CancelToken()

    def on_interrupt(signum, frame):
        if token.cancelled:
            raise KeyboardInterrupt
        token.cancel()

    try:
        previous = signal.signal(signal.SIGINT, on_interrupt)
    except ValueError:  # not the main thread (embedded use): Ctrl-C stays as it is
        previous = None
    try:
        yield Progress(bar, token)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
