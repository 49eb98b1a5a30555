"""An hour of 48 kHz mono audio in the editor: opening it to its first painted waveform, the
process's peak memory, and the time to repaint the track area per zoom or scroll step."""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

from .ui_harness import make_window, median, on_first_paint, percentile, report, spawn

RATE = 48000
MINUTES = 60
FRAMES = 200  # zoom and scroll steps timed


def write_long_wav(path: Path) -> None:
    """A 60-minute 16-bit mono WAV of a slowly changing tone, written a minute at a time."""
    import soundfile as sf

    t = np.arange(RATE * 60) / RATE
    with sf.SoundFile(path, "w", RATE, 1, "PCM_16") as out:
        for minute in range(MINUTES):
            level = 0.1 + 0.8 * (minute % 7) / 7
            out.write((level * np.sin(2 * np.pi * (110 + 5 * minute) * t)).astype(np.float32))


def main(scratch: str, repeat: int = 3) -> None:
    path = Path(scratch) / "hour.wav"
    write_long_wav(path)
    runs = [spawn("ui_waveform", str(path)) for _ in range(repeat)]
    path.unlink()

    def figure(name: str) -> str:
        values = [figures[name] for figures, _, _ in runs]
        return f"{median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f})"

    print(
        f"open a {MINUTES}-min {RATE // 1000} kHz mono WAV, median of {repeat} runs: waveform first "
        f"painted (filling in) {figure('preview_paint_ms')}, complete {figure('first_paint_ms')}; "
        f"peak RSS {max(f['rss_at_paint_mb'] for f, _, _ in runs):.0f} MB then, "
        f"{max(rss for _, _, rss in runs)} MB for the whole run"
    )
    repaint = [figures for figures, _, _ in runs]
    print(
        f"zoom/scroll repaint of that track ({repaint[0]['width']:.0f} px wide), {FRAMES} steps x "
        f"{repeat} runs: median {median([f['repaint_median_ms'] for f in repaint]):.1f} ms, "
        f"p95 {max(f['repaint_p95_ms'] for f in repaint):.1f} ms (worst run)"
    )


def child(path: str) -> None:
    app, window = make_window()
    window.resize(1920, 1080)
    opened_at = 0.0

    def start() -> None:
        nonlocal opened_at
        opened_at = time.perf_counter()
        window.open_files([path])
        first_preview.seen = False
        row = next(iter(window.tracks.loading.values()))
        row.previews.ready.connect(lambda *_: first_preview(row))

    def first_preview(row) -> None:
        if first_preview.seen:
            return
        first_preview.seen = True
        on_first_paint(
            row.preview,
            lambda: report("preview_paint_ms", (time.perf_counter() - opened_at) * 1000),
        )

    def track_added() -> None:
        lane = next(iter(window.tracks.lanes.values()))
        on_first_paint(lane, painted)

    def painted() -> None:
        report("first_paint_ms", (time.perf_counter() - opened_at) * 1000)
        report("rss_at_paint_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        repaint_steps(window)
        app.quit()

    window.document.tracksChanged.connect(track_added)
    on_first_paint(window, start)
    window.show()
    app.exec()
    window.jobs.wait(10000)


def repaint_steps(window) -> None:
    """Zoom in towards random points, scroll, zoom back out: time each full repaint."""
    rng = random.Random(0)
    timeline, panel = window.timeline, window.tracks
    lane = next(iter(panel.lanes.values()))
    report("width", lane.width())
    steps = []
    for step in range(FRAMES):
        phase = step * 3 // FRAMES
        if phase == 0:
            steps.append(lambda: timeline.zoom(1.25, rng.uniform(0, lane.width())))
        elif phase == 1:
            steps.append(lambda: timeline.scroll_by(rng.choice((-1, 1)) * 150))
        else:
            steps.append(lambda: timeline.zoom(0.8, rng.uniform(0, lane.width())))
    times = []
    for change in steps:
        started = time.perf_counter()
        change()
        panel.repaint()
        times.append((time.perf_counter() - started) * 1000)
    report("repaint_median_ms", median(times))
    report("repaint_p95_ms", percentile(times, 0.95))


if __name__ == "__main__" and "--child" in sys.argv:
    child(sys.argv[-1])
