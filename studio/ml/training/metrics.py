"""Training metrics: per-step values averaged over each logging interval and across ranks.

The main rank appends one row per interval to ``metrics.csv`` (``step``, ``time`` = seconds
of training so far, then one column per metric) and, when ``torch.utils.tensorboard``
imports, writes the same scalars under ``tensorboard/``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch

from studio.base.atomic import write_text_atomically

from .distributed import Cluster
from .errors import TrainingError

Number = float | int | torch.Tensor
FIXED = ("step", "time")


class MetricsLog:
    def __init__(self, out: Path, cluster: Cluster) -> None:
        self.path = out / "metrics.csv"
        self._cluster = cluster
        self._sums: dict[str, Any] = {}  # name -> running sum (a tensor stays on its device)
        self._counts: dict[str, int] = {}
        self._columns: list[str] = []
        self._tensorboard: Any = None
        self._tensorboard_folder = out / "tensorboard"

    def add(self, values: Mapping[str, Number]) -> None:
        for name, value in values.items():
            if name in FIXED:
                raise TrainingError(f"metric name {name!r} is reserved for the step and time")
            if isinstance(value, torch.Tensor):
                if value.numel() != 1:
                    raise TrainingError(
                        f"metric {name!r} must be a number or a 0-d tensor, "
                        f"not a tensor of shape {tuple(value.shape)}"
                    )
                # Summing on the device avoids a GPU sync per step; .item() waits for log time.
                value = value.detach().reshape(()).float()
            elif not isinstance(value, (int, float)) or isinstance(value, bool):
                raise TrainingError(f"metric {name!r} must be a number, not {type(value).__name__}")
            self._sums[name] = self._sums.get(name, 0.0) + value
            self._counts[name] = self._counts.get(name, 0) + 1

    @property
    def has_pending(self) -> bool:
        return bool(self._counts)

    def pending(self) -> dict[str, list[float]]:
        """Every rank's values since the last row, combined: name -> [sum, count]. Collective."""
        local = {name: [float(total), self._counts[name]] for name, total in self._sums.items()}
        combined: dict[str, list[float]] = {}
        for values in self._cluster.gather(local):
            for name, (total, count) in values.items():
                entry = combined.setdefault(name, [0.0, 0])
                entry[0] += total
                entry[1] += count
        return combined

    def restore_pending(self, pending: Mapping[str, list[float]]) -> None:
        """Continue an interval a checkpoint cut short (main rank only: the sums are global)."""
        self._sums.clear()
        self._counts.clear()
        if self._cluster.is_main:
            for name, (total, count) in pending.items():
                self._sums[name], self._counts[name] = float(total), int(count)

    def flush(self, step: int, seconds: float) -> dict[str, float]:
        """Close the interval: the means of every metric (on every rank); main writes a row."""
        means = {name: total / count for name, (total, count) in self.pending().items()}
        self._sums.clear()
        self._counts.clear()
        if self._cluster.is_main and means:
            self._write_row(step, seconds, means)
        return means

    def truncate_after(self, step: int) -> None:
        """Drop rows past ``step`` (logged after the checkpoint a resumed run restarts from)."""
        if not (self._cluster.is_main and self.path.is_file()):
            return
        columns, rows = self._read()
        kept = [row for row in rows if _step_of(row) <= step]
        if len(kept) != len(rows):
            self._rewrite(columns, kept)

    def close(self) -> None:
        if self._tensorboard is not None:
            self._tensorboard.close()
            self._tensorboard = None

    def open_tensorboard(self, purge_after: int | None) -> None:
        """Start TensorBoard output if the package is installed (it is optional)."""
        if not self._cluster.is_main or self._tensorboard is not None:
            return
        try:
            from torch.utils.tensorboard import SummaryWriter
        except ImportError:
            return
        # purge_step drops events a resumed run is about to log again.
        self._tensorboard = SummaryWriter(str(self._tensorboard_folder), purge_step=purge_after)

    def _write_row(self, step: int, seconds: float, means: dict[str, float]) -> None:
        if not self._columns and self.path.is_file():
            self._columns = self._read()[0][len(FIXED) :]
        new = [name for name in means if name not in self._columns]
        if new:  # a metric appeared: widen the header, keeping earlier rows (rare)
            rows = self._read()[1] if self.path.is_file() else []
            self._columns += new
            self._rewrite([*FIXED, *self._columns], rows)
        row = {"step": str(step), "time": f"{seconds:.3f}"}
        row.update({name: repr(float(value)) for name, value in means.items()})
        with self.path.open("a", newline="") as stream:
            csv.DictWriter(stream, [*FIXED, *self._columns]).writerow(row)
        if self._tensorboard is not None:
            for name, value in means.items():
                if math.isfinite(value):
                    self._tensorboard.add_scalar(name, value, step)

    def _read(self) -> tuple[list[str], list[dict[str, str]]]:
        with self.path.open(newline="") as stream:
            reader = csv.DictReader(stream)
            rows = list(reader)
            return list(reader.fieldnames or FIXED), rows

    def _rewrite(self, columns: list[str], rows: list[dict[str, str]]) -> None:
        text = io.StringIO()
        writer = csv.DictWriter(text, columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
        write_text_atomically(self.path, text.getvalue())


def _step_of(row: Mapping[str, str]) -> int:
    try:
        return int(row.get("step") or 0)
    except ValueError:
        return 0
