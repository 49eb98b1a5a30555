"""Wall time of ``persona-studio plugins``: discovery must stay light (no torch)."""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

from .timing import run_child


def command() -> list[str]:
    script = Path(sys.executable).with_name("persona-studio")
    return (
        [str(script)] if script.exists() else [shutil.which("persona-studio") or "persona-studio"]
    )


def main(repeat: int = 5) -> None:
    runs = [run_child(command() + ["plugins"]) for _ in range(repeat)]
    times = [elapsed * 1000 for elapsed, _, _ in runs]
    print(
        f"persona-studio plugins: median {statistics.median(times):.0f} ms over {repeat} runs "
        f"(min {min(times):.0f}, max {max(times):.0f}); peak RSS {max(r[1] for r in runs)} MB"
    )
