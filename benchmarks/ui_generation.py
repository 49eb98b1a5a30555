"""Generating in the app with wen2019 (the demo weights when installed, else untrained ones):
the longest event-loop stall while a generation runs (the first one loads torch and the
model), and the time from releasing a latent slider to the refreshed face on screen."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .ui_harness import Heartbeat, make_window, median, report, spawn

GENERATOR = "wen2019:voice-to-face"
TRIALS = 10


def main(scratch: str) -> None:
    from studio.audio import write_audio
    from studio.audio.synth import speech_like

    voice = Path(scratch) / "voice.wav"
    write_audio(voice, speech_like(6.0, 16000, seed=3))
    figures, _, rss = spawn("ui_generation", str(voice))
    weights = "demo" if figures["demo_weights"] else "untrained"
    print(
        f"app generation ({GENERATOR}, {weights} weights, 2 s selection): longest event-loop stall "
        f"{figures['stall_first_ms']:.0f} ms during the first (loads torch and the model, "
        f"{figures['first_s']:.1f} s), {figures['stall_again_ms']:.0f} ms during the next "
        f"({figures['again_s']:.2f} s); peak RSS {rss} MB"
    )
    print(
        f"latent slider release to refreshed face: median {figures['slider_median_ms']:.0f} ms over "
        f"{TRIALS} drags (decode alone {figures['decode_ms']:.0f} ms); longest stall while "
        f"dragging {figures['stall_drag_ms']:.0f} ms"
    )


def wait_until(app, condition, timeout: float = 300.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        app.processEvents()
        time.sleep(0.001)


def child(voice: str) -> None:
    from studio.api import silent
    from studio.ui.model.project import Selection

    app, window = make_window()
    window.show()
    window.open_files([voice])
    wait_until(app, lambda: window.document.project.tracks)
    track = window.document.project.tracks[0]
    window.document.set_selection(Selection(1.0, 3.0, frozenset({track.id})))
    panel = window.generator
    panel.select_generator(GENERATOR)
    demo = panel.weights.findData("demo") >= 0 and panel.status.text == ""
    panel.select_weights("demo" if demo else "untrained")
    report("demo_weights", float(demo))

    results = []
    panel.resultReady.connect(results.append)
    heartbeat = Heartbeat()
    for label in ("first", "again"):
        heartbeat.start()
        started = time.perf_counter()
        panel.generate_or_cancel()
        wait_until(app, lambda n=len(results): len(results) > n)
        report(f"{label}_s", time.perf_counter() - started)
        report(f"stall_{label}_ms", heartbeat.stop() * 1000)
        wait_until(app, lambda: not window.generation.busy)

    result = results[-1]
    generator, _ = window.context.engine.model(result.info, result.model, result.recipe.device)
    started = time.perf_counter()
    for _ in range(5):
        generator.decode(result.latent, result.params, silent())
    report("decode_ms", (time.perf_counter() - started) / 5 * 1000)

    shown = []
    panel.previewReady.connect(lambda r: shown.append(r))
    slider = panel.sliders.sliders[0]
    times = []
    heartbeat.start()
    for trial in range(TRIALS):
        target = 100 if trial % 2 == 0 else -100
        slider.setSliderDown(True)
        for step in range(1, 11):  # a drag: ten moves, 15 ms apart
            slider.setValue(round(target * step / 10))
            deadline = time.perf_counter() + 0.015
            wait_until(app, lambda d=deadline: time.perf_counter() >= d)
        released = time.perf_counter()
        slider.setSliderDown(False)
        final = slider.value() / 100
        wait_until(
            app,
            lambda f=final: (
                bool(shown) and shown[-1].positions[0] == f and not window.generation._previews.busy
            ),
        )
        window.output.canvas.repaint()
        times.append((time.perf_counter() - released) * 1000)
    report("stall_drag_ms", heartbeat.stop() * 1000)
    report("slider_median_ms", median(times))
    window.jobs.wait(10000)


if __name__ == "__main__" and "--child" in sys.argv:
    child(sys.argv[-1])
