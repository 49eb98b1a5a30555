"""What every plugin's ``scripts/make_demo_model.py`` does around its own recipe: run
``persona-studio`` commands in a child process (echoed, so the log shows how the demo was
made) and read the last row of a training run's ``metrics.csv`` for its TRAINING.json."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path


def run_persona_studio(*args: str, env: dict) -> None:
    print("$ persona-studio " + " ".join(args), flush=True)
    subprocess.run([sys.executable, "-m", "studio.cli", *args], check=True, env=env)


def last_metrics(metrics_csv: Path) -> dict[str, float]:
    """The final logged values (wall time and empty cells left out)."""
    rows = [row for row in csv.DictReader(Path(metrics_csv).open()) if row]
    return {k: float(v) for k, v in rows[-1].items() if v not in ("", None) and k != "time"}
