"""Run by test_ddp.py under ``torchrun --nproc-per-node 2``: the toy recipe on CPU/gloo.

Writes this rank's sample indices (``batches-rank<R>.json``, appended per session) and, on
the main rank, the final weights (``final.safetensors``). ``--ctrl-c-at N`` makes rank 0
press Ctrl-C on torchrun itself at step N, as a user in the terminal would.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

from toy_recipe import train

from studio.ml.checkpoint import save_safetensors
from studio.ml.training import Interrupted, TrainConfig

EXIT_INTERRUPTED = 130


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--ctrl-c-at", type=int)
    args = parser.parse_args()
    config = TrainConfig(
        out=args.out, steps=args.steps, log_every=2, checkpoint_every=4, resume=args.resume
    )
    rank = int(os.environ["RANK"])
    seen: list[list[int]] = []

    def on_step(run) -> None:
        if args.ctrl_c_at is None or run.step < args.ctrl_c_at:
            return
        if run.step == args.ctrl_c_at and run.rank == 0:
            os.kill(os.getppid(), signal.SIGINT)  # torchrun passes it on to every worker
        time.sleep(0.2)  # steps this slow give the signal time to arrive mid-run

    try:
        result = train(config, batches=seen, on_step=on_step)
    except Interrupted as stop:
        print(f"rank {rank}: interrupted at step {stop.step}", flush=True)
        return EXIT_INTERRUPTED
    finally:
        with (args.out / f"batches-rank{rank}.json").open("a") as stream:
            stream.write(json.dumps(seen) + "\n")
    if rank == 0:
        save_safetensors(args.out / "final.safetensors", result.params)
    print(f"rank {rank}: finished at step {result.step}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
