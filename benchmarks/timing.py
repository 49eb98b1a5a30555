"""Small timing helpers: medians of repeated runs, child-process peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable


def median_ms(run: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def paired_median_ms(
    first: Callable[[], object], second: Callable[[], object], repeat: int = 21
) -> tuple[float, float]:
    """Medians of two alternating workloads, so both meet the same load on a shared machine."""
    first(), second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for run, bucket in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            run()
            bucket.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def run_child(command: list[str], env: dict | None = None) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MB and exit status of one child process.

    Call it before this process loads torch: the peak counts what the child inherits at fork.
    """
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{' '.join(command)} failed: {child.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_maxrss // 1024, child.returncode
