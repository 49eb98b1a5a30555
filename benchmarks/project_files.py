"""Saving and opening a project with 10 minutes of stereo 48 kHz audio: the first save (FLAC
encoding), an autosave after that (encoded audio reused) and opening (decode + peak pyramid)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from studio.api import AudioClip
from studio.project import read_project, write_project
from studio.project.media import AudioCache
from studio.ui.model.persist import from_file, to_file
from studio.ui.model.project import Project, Selection
from studio.ui.model.source import Source
from studio.ui.model.track import Track

from .timing import median_ms

MINUTES = 10


def main(scratch: str) -> None:
    rng = np.random.default_rng(0)
    frames = 48000 * 60 * MINUTES
    # speech-like level noise with a slow envelope: closer to a recording than white noise
    envelope = 0.5 + 0.5 * np.sin(np.linspace(0, 200 * np.pi, frames, dtype=np.float32))
    samples = (rng.standard_normal((2, frames), np.float32) * 0.05 * envelope).astype(np.float32)
    source = Source.from_clip(AudioClip(samples, 48000))
    project = Project((Track.from_source(1, "take", source),))
    path = Path(scratch) / "bench.persona"

    def first_save() -> None:
        write_project(path, to_file(project, Selection(), [], {}))  # fresh cache: encodes

    cache = AudioCache(Path(scratch) / "encoded")  # on disk, as the app keeps it
    write_project(path, to_file(project, Selection(), [], {}), cache)

    def autosave() -> None:
        write_project(path, to_file(project, Selection(), [], {}), cache)

    save_ms = median_ms(first_save, repeat=3)
    autosave_ms = median_ms(autosave, repeat=5)
    open_ms = median_ms(lambda: from_file(read_project(path), {}), repeat=3)
    size = os.path.getsize(path) / 1e6
    print(
        f"project, {MINUTES} min stereo 48 kHz ({size:.0f} MB): save {save_ms:.0f} ms, "
        f"autosave after it {autosave_ms:.0f} ms ({save_ms / autosave_ms:.1f}x faster), "
        f"open {open_ms:.0f} ms"
    )


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        main(folder)
