"""Ctrl-C stops after the step with a checkpoint; resuming continues exactly where it left off."""

from __future__ import annotations

import os
import signal

import pytest
import torch
from toy_recipe import read_metrics, same_params, train, without_time

from studio.api.progress import CancelToken, Progress
from studio.ml.training import Interrupted, TrainingError


def ctrl_c_at(step: int, times: int = 1):
    def on_step(run) -> None:
        if run.step == step:
            for _ in range(times):
                os.kill(os.getpid(), signal.SIGINT)

    return on_step


@pytest.mark.parametrize("log_every", [2, 4])  # 4: the interrupt falls inside a log interval
def test_interrupted_and_resumed_equals_uninterrupted(config, log_every):
    handler_before = signal.getsignal(signal.SIGINT)  # SIG_IGN under nohup or a background job
    whole = train(config("whole", log_every=log_every), optimizer="adam", noise=True)

    seen: list[list[int]] = []
    with pytest.raises(Interrupted) as stop:
        train(
            config("parts", log_every=log_every),
            optimizer="adam",
            noise=True,
            batches=seen,
            on_step=ctrl_c_at(6),
        )
    assert stop.value.step == 6
    assert stop.value.path == config("parts").out / "checkpoints" / "last.pt"
    assert stop.value.path.is_file()
    assert "interrupted at step 6" in str(stop.value)
    assert signal.getsignal(signal.SIGINT) is handler_before  # handler restored

    resumed = train(config("parts", log_every=log_every, resume=True), optimizer="adam", noise=True)
    assert resumed.step == 10
    assert seen + resumed.batches == whole.batches  # 10 steps cross three epochs
    assert same_params(resumed.params, whole.params)
    rows = without_time(read_metrics(config("parts").out))
    assert rows == without_time(read_metrics(config("whole").out))


def test_resume_drops_metric_rows_logged_after_the_checkpoint(config):
    train(config("whole"), noise=True)
    # Checkpoints at 4 and 8; a crash at step 10 before the final checkpoint leaves rows 2..10.
    with pytest.raises(RuntimeError):
        train(config("crash"), noise=True, on_step=crash_at(10))
    assert [row["step"] for row in read_metrics(config("crash").out)] == ["2", "4", "6", "8", "10"]
    train(config("crash", resume=True), noise=True)
    rows = without_time(read_metrics(config("crash").out))
    assert rows == without_time(read_metrics(config("whole").out))


def crash_at(step: int):
    def on_step(run) -> None:
        if run.step == step:
            raise RuntimeError("the machine fell over")

    return on_step


def test_a_second_ctrl_c_interrupts_at_once_without_a_checkpoint(config):
    handler_before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        train(config(checkpoint_every=100), on_step=ctrl_c_at(3, times=2))
    assert not (config().out / "checkpoints" / "last.pt").exists()
    assert signal.getsignal(signal.SIGINT) is handler_before


def test_request_stop_and_a_cancelled_progress_stop_like_ctrl_c(config):
    with pytest.raises(Interrupted) as stop:
        train(config("method"), on_step=lambda run: run.step == 2 and run.request_stop())
    assert stop.value.step == 2

    token = CancelToken()
    progress = Progress(token=token)
    with pytest.raises(Interrupted) as stop:
        train(
            config("token"), progress=progress, on_step=lambda run: run.step == 5 and token.cancel()
        )
    assert stop.value.step == 5


def test_resuming_without_a_checkpoint_is_a_clear_error(config):
    with pytest.raises(TrainingError, match=r"cannot resume: .*last\.pt does not exist"):
        train(config(resume=True))


def test_a_finished_run_resumes_to_the_same_result(config):
    done = train(config())
    again = train(config(resume=True))
    assert again.batches == [] and again.step == 10
    assert same_params(again.params, done.params)


def test_more_steps_continue_a_finished_run(config):
    longer = train(config("longer", steps=14))
    train(config("short", steps=10))
    extended = train(config("short", steps=14, resume=True))
    assert same_params(extended.params, longer.params)


def test_an_existing_run_is_not_overwritten_without_resume(config):
    train(config())
    with pytest.raises(TrainingError, match="already holds a training run"):
        train(config())


def test_resume_checks_seed_and_tracked_names(config):
    train(config(seed=1))
    with pytest.raises(TrainingError, match="made with seed 1, not 2"):
        train(config(seed=2, resume=True))


def test_a_checkpoint_from_two_processes_resumes_on_one(config):
    """The data order does not depend on the number of processes, so it carries over."""
    whole = train(config("whole"))
    with pytest.raises(Interrupted):
        train(config("parts"), on_step=lambda run: run.step == 5 and run.request_stop())
    last = config("parts").out / "checkpoints" / "last.pt"
    state = torch.load(last, weights_only=True)
    state["world_size"], state["rng"] = 2, state["rng"] * 2  # as if saved by a 2-process run
    torch.save(state, last)
    resumed = train(config("parts", resume=True))
    assert resumed.batches == whole.batches[5:]
    assert same_params(resumed.params, whole.params)
