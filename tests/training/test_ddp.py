"""Data-parallel training through torchrun (2 gloo processes on the CPU) matches one process
training on the combined batches, and survives Ctrl-C on torchrun plus --resume."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from toy_recipe import read_metrics, same_params, train, without_time

from studio.ml.checkpoint import load_safetensors
from studio.ml.training import TrainConfig

WORKER = Path(__file__).with_name("ddp_worker.py")
REPO = Path(__file__).parents[2]
TOLERANCE = 1e-5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def torchrun(out: Path, *args: str) -> subprocess.CompletedProcess:
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=path)
    command = [
        sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2",
        "--master-addr", "127.0.0.1", "--master-port", str(free_port()),
        str(WORKER), str(out), *args,
    ]  # fmt: skip
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)


def rank_batches(out: Path, rank: int) -> list[list[int]]:
    sessions = (out / f"batches-rank{rank}.json").read_text().splitlines()
    return [batch for line in sessions for batch in json.loads(line)]


def check_against_one_process(out: Path, tmp_path: Path) -> None:
    single = train(TrainConfig(out=tmp_path / "single", steps=10, log_every=2, device="cpu"))
    halves = [rank_batches(out, rank) for rank in (0, 1)]
    assert all(len(batch) == 4 for batches in halves for batch in batches)
    assert [a + b for a, b in zip(*halves)] == single.batches  # rank 0's half, then rank 1's
    assert same_params(load_safetensors(out / "final.safetensors"), single.params, TOLERANCE)
    ddp_rows, single_rows = read_metrics(out), read_metrics(tmp_path / "single")
    assert [row["step"] for row in ddp_rows] == [row["step"] for row in single_rows]
    for ddp_row, single_row in zip(without_time(ddp_rows), without_time(single_rows)):
        for name in ("loss", "target"):  # averaged over both ranks = the combined batch's
            assert float(ddp_row[name]) == pytest.approx(float(single_row[name]), abs=TOLERANCE)


def test_torchrun_two_processes_equal_one_process_on_the_combined_batch(tmp_path):
    out = tmp_path / "ddp"
    done = torchrun(out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rank 1: finished at step 10" in done.stdout
    assert json.loads((out / "run.json").read_text())["world_size"] == 2
    check_against_one_process(out, tmp_path)


def test_ctrl_c_on_torchrun_checkpoints_and_resume_finishes_the_same(tmp_path):
    out = tmp_path / "ddp"
    stopped = torchrun(out, "--ctrl-c-at", "3")
    output = stopped.stdout + stopped.stderr
    assert "rank 0: interrupted at step" in output and "rank 1: interrupted at step" in output
    steps = {line.rsplit(" ", 1)[1] for line in output.splitlines() if "interrupted at" in line}
    assert len(steps) == 1 and 3 <= int(steps.pop()) < 10  # both ranks stopped at one step
    resumed = torchrun(out, "--resume")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    check_against_one_process(out, tmp_path)
