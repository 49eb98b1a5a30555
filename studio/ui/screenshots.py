"""Renders the README's screenshots of the main window: empty, and after a generation.

``python -m studio.ui.screenshots docs/screenshots`` (``make screenshots``) runs the real
window on the offscreen platform, opens the voice of a synthetic speaker no demo model trained
on, selects six seconds and runs wen2019 (on its demo weights when installed, else untrained
ones), shows the face with smooth scaling, then saves PNGs.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

SIZE = (1400, 860)
GENERATOR = "wen2019:voice-to-face"
SPEAKER = (7, 2)  # (index, seed): a held-out speaker of the evaluation seed, a high voice


def main(folder: Path, size: tuple[int, int] = SIZE) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PERSONA_STUDIO_DATA", tempfile.mkdtemp(prefix="persona-shots-"))
    from PySide6.QtCore import QTimer

    from studio.app.context import Context
    from studio.audio import write_audio
    from studio.audio.playback import Device, FakePlayback
    from studio.audio.recorder import FakeRecorder
    from studio.demodata.speakers import draw_speaker
    from studio.demodata.voice import utterance

    from .app import application
    from .main_window import MainWindow
    from .model.project import Selection

    folder.mkdir(parents=True, exist_ok=True)
    app = application()
    voice = utterance(draw_speaker(*SPEAKER), seed=1, seconds=8.0)
    microphone = FakeRecorder(voice, (Device(0, "Built-in microphone", 1, 48000, True),))
    window = MainWindow(Context(), FakePlayback(), microphone)
    window.resize(*size)
    window.show()
    outcome: list[str] = []

    def save(name: str) -> None:
        app.processEvents()
        path = folder / name
        window.grab().save(str(path))
        print(f"wrote {path}")

    def empty() -> None:
        save("main-window-empty.png")
        audio = Path(os.environ["PERSONA_STUDIO_DATA"]) / "voice.wav"
        write_audio(audio, voice)
        window.loader.loaded.connect(generate)
        window.open_files([audio])

    def generate(track_id: int) -> None:
        window.document.set_selection(Selection(1.0, 7.0, frozenset({track_id})))
        panel = window.generator
        panel.select_generator(GENERATOR)
        if panel.weights.findData("demo") >= 0:
            panel.select_weights("demo")
        if panel.status.text:  # the demo weights are not there (yet)
            panel.select_weights("untrained")
        panel.generate_or_cancel()

    def generated(result) -> None:
        window.output.smooth.setChecked(True)
        QTimer.singleShot(200, lambda: (save("main-window-generated.png"), finish("ok")))

    def failed(failure) -> None:
        finish(f"generation failed: {failure.message}")

    def finish(status: str) -> None:
        outcome.append(status)
        app.quit()

    window.generator.resultReady.connect(generated)
    window.generation.failed.connect(failed)
    QTimer.singleShot(300, empty)
    QTimer.singleShot(180_000, lambda: finish("timed out"))
    app.exec()
    window.jobs.wait(10000)
    if outcome != ["ok"]:
        print(f"screenshots: {outcome[0] if outcome else 'no result'}", file=sys.stderr)
        return 1
    return 0


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


if __name__ == "__main__":
    # python -m studio.ui.screenshots [FOLDER] [WIDTHxHEIGHT] (1366x768: a small laptop screen)
    arguments = sys.argv[1:]
    folder = Path(arguments[0] if arguments else "docs/screenshots")
    sys.exit(main(folder, _size(arguments[1]) if len(arguments) > 1 else SIZE))
