"""``persona-studio selftest``: load every plugin and run each generator once on generated input.

``persona-studio --selftest`` (what an installed app's build runs) adds the window check: the
main window opens and closes offscreen, so Qt's platform plugins and the bundled libraries
are exercised too.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from studio.app.context import Context


def add_parser(commands) -> None:
    parser = commands.add_parser("selftest", help="run every generator once on generated input")
    parser.add_argument(
        "--out", type=Path, help="folder for the outputs (default: <data dir>/selftest)"
    )
    parser.add_argument("--device", help="auto, cpu, cuda, cuda:N or mps")
    parser.add_argument(
        "--generator",
        action="append",
        metavar="ID",
        help="run only this generator (repeatable); plugin failures are still reported",
    )
    parser.add_argument(
        "--window", action="store_true", help="also open and close the main window offscreen"
    )
    parser.add_argument(
        "--window-only", action="store_true", help="only the window check (start-up timing)"
    )
    parser.add_argument(
        "--drop",
        type=Path,
        metavar="AUDIO",
        help="drop this file on the window and generate a face from it (on the real display "
        "when there is one, e.g. under xvfb-run)",
    )
    parser.add_argument("--screenshot", type=Path, help="with --drop: save the window as PNG")
    parser.set_defaults(run=run)


def run(args) -> int:
    if args.drop:
        return check_drop(args.drop, args.screenshot)
    if args.window_only:
        return check_window()
    status = run_generators(args)
    if args.window:
        status = check_window() or status
    return status


def check_drop(audio: Path, screenshot: Path | None) -> int:
    from studio.api.errors import InputError

    if not audio.is_file():
        raise InputError(audio, "no such file")
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from studio.ui.smoke import drop_and_generate

        generator = drop_and_generate(audio, screenshot)
    except (ImportError, RuntimeError) as error:
        print(f"FAIL drop {audio.name}: {error}")
        return 1
    shot = f", window saved to {screenshot}" if screenshot else ""
    print(f"ok   dropped {audio.name}, {generator} generated, window closed{shot}", flush=True)
    return 0


def check_window() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from studio.ui.smoke import open_and_close_window

        seconds = open_and_close_window()
    except (ImportError, RuntimeError) as error:
        print(f"FAIL main window: {error}")
        return 1
    print(f"ok   main window shown and closed ({seconds * 1000:.0f} ms to first paint)", flush=True)
    return 0


def run_generators(args) -> int:
    from studio.api.errors import StudioError
    from studio.engine import GenerateRequest
    from studio.engine.outputs import save_output
    from studio.paths import data_dir

    context = Context()
    out = args.out or data_dir() / "selftest"
    out.mkdir(parents=True, exist_ok=True)
    failures = [str(failure) for failure in context.host.failures]
    for failure in failures:
        print(f"FAIL plugin {failure}")
    chosen = args.generator or list(context.host.generators)
    unknown = [g for g in chosen if g not in context.host.generators]
    if unknown:
        from studio.api.errors import StudioError

        raise StudioError(f"no generator {unknown[0]!r} (see 'persona-studio plugins')")
    for info in (context.host.generators[g] for g in chosen):
        weights = selftest_weights(info, context.store)
        started = time.perf_counter()
        try:
            request = GenerateRequest(
                info.id, inputs=generated_inputs(info), weights=weights, device=args.device
            )
            result = context.engine.generate(request)
            suffix = ".png" if info.output.value == "image" else ".wav"
            path = save_output(
                out / (info.id.replace(":", "_") + suffix), result.output, result.recipe
            )
        except StudioError as error:
            failures.append(f"{info.id}: {error}")
            print(f"FAIL {info.id}: {error}")
            continue
        elapsed = time.perf_counter() - started
        label = "untrained weights" if weights == "untrained" else f"weights {result.model.name}"
        print(f"ok   {info.id} ({label}, {elapsed:.2f} s) -> {path}")
        if weights == "untrained" and info.importers:
            files = " ".join(info.importers[0].files)
            print(
                f"     (random weights: the face is noise until you run "
                f"'persona-studio models import {info.plugin} {files}')"
            )
    if not context.host.generators:
        failures.append("no generators found")
        print("FAIL no generators found")
    if not check_face_detection():
        failures.append("face detection")
    print(f"self-test {'failed' if failures else 'passed'}: outputs are in {out}")
    return 1 if failures else 0


def check_face_detection() -> bool:
    """Picture inputs centre their crop on a face: OpenCV and its cascades must be there."""
    from studio.images.faces import DetectorUnavailable, self_check

    try:
        print(f"ok   face detection ({self_check()})")
    except (DetectorUnavailable, ImportError) as error:
        print(f"FAIL face detection: {error}")
        return False
    return True


def selftest_weights(info, store) -> str | None:
    """The weights a user run would pick (imported, else bundled); else the untrained architecture."""
    if store.list(info.plugin) or any(spec.bundled for spec in info.weights):
        return None
    return "untrained" if info.untrained else None


def generated_inputs(info) -> dict:
    from studio.api import Kind
    from studio.audio.synth import speech_like

    inputs = {}
    for slot in info.inputs:
        if slot.kind is Kind.AUDIO:
            inputs[slot.name] = speech_like(6.0, 16000, seed=1)
        else:
            inputs[slot.name] = synthetic_face()
    return inputs


def synthetic_face():
    """A plain drawn face (ellipse, eyes, mouth) as a 128x128 image input."""
    import numpy as np

    from studio.api import Image

    y, x = np.mgrid[0:128, 0:128] / 127.0 * 2 - 1
    pixels = np.full((128, 128, 3), 40, np.uint8)
    pixels[(x / 0.7) ** 2 + (y / 0.9) ** 2 < 1] = (224, 180, 150)
    for eye_x in (-0.3, 0.3):
        pixels[(x - eye_x) ** 2 + (y + 0.2) ** 2 < 0.01] = (40, 30, 30)
    pixels[(np.abs(x) < 0.3) & (np.abs(y - 0.45) < 0.04)] = (150, 60, 60)
    return Image(pixels, source="generated face")
