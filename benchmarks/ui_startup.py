"""Launch to window shown: a fresh ``python`` process until the main window has painted.

The child prints as soon as the window's first paint is done; the parent times the process
from its start to that line (so interpreter start-up, imports, plugin discovery and window
construction all count). Torch must not be loaded by then.
"""

from __future__ import annotations

import sys

from .ui_harness import make_window, median, on_first_paint, report, spawn


def main(repeat: int = 5) -> None:
    runs = [spawn("ui_startup") for _ in range(repeat)]
    times = [first_line * 1000 for _, first_line, _ in runs]
    torch = any(figures["torch_loaded"] for figures, _, _ in runs)
    print(
        f"app start to window shown: median {median(times):.0f} ms over {repeat} runs "
        f"(min {min(times):.0f}, max {max(times):.0f}); torch loaded: {'YES' if torch else 'no'}; "
        f"peak RSS {max(rss for _, _, rss in runs)} MB"
    )


def child() -> None:
    app, window = make_window()

    def shown() -> None:
        report("torch_loaded", float("torch" in sys.modules))
        app.quit()

    on_first_paint(window, shown)
    window.show()
    app.exec()
    window.jobs.wait(10000)


if __name__ == "__main__" and "--child" in sys.argv:
    child()
