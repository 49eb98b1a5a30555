"""metrics.csv rows are interval means; the progress line shows step/total, ETA and losses."""

from __future__ import annotations

import io

import pytest
import torch
from toy_recipe import make_model, read_metrics, train

from studio.api.progress import Progress
from studio.ml.training import Run, TrainingError
from studio.ml.training.progress import ConsoleLine, format_duration


def log_steps(config, values: list[dict], **fields) -> None:
    with Run(config(steps=len(values), **fields)) as run:
        net = run.wrap(make_model())
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        run.track(net=net, opt=opt)
        for metrics in values:
            run.log(**metrics)
            run.next_step()


def test_rows_hold_the_mean_of_each_interval(config):
    values = [{"loss": float(i), "acc": torch.tensor(i / 10)} for i in range(1, 8)]
    log_steps(config, values, log_every=3)
    rows = read_metrics(config().out)
    assert list(rows[0]) == ["step", "time", "loss", "acc"]
    assert [row["step"] for row in rows] == ["3", "6", "7"]  # the last, short interval too
    assert [float(row["loss"]) for row in rows] == [2.0, 5.0, 7.0]
    assert [float(row["acc"]) for row in rows] == pytest.approx([0.2, 0.5, 0.7])
    times = [float(row["time"]) for row in rows]
    assert times == sorted(times) and times[0] >= 0


def test_a_new_metric_widens_the_header(config):
    log_steps(config, [{"loss": 1.0}, {"loss": 2.0, "extra": 5.0}], log_every=1)
    rows = read_metrics(config().out)
    assert [(row["loss"], row["extra"]) for row in rows] == [("1.0", ""), ("2.0", "5.0")]


@pytest.mark.parametrize(
    ("value", "message"),
    [(torch.ones(3), "shape"), ("high", "must be a number"), (None, "must be a number")],
)
def test_metrics_must_be_scalars(config, value, message):
    with Run(config()) as run, pytest.raises(TrainingError, match=message):
        run.log(loss=value)


def test_progress_reports_step_total_eta_and_losses(config):
    seen: list[tuple[float, str]] = []
    train(config(steps=6, log_every=2), progress=Progress(lambda f, m: seen.append((f, m))))
    fractions = [round(f, 3) for f, _ in seen]
    assert fractions == [0.333, 0.667, 1.0]
    assert seen[0][1].startswith("2/6 ") and "ETA" in seen[0][1] and "loss " in seen[0][1]
    assert "ETA 0s" in seen[-1][1]


def test_console_line_off_a_terminal_prints_one_line_per_report(config, capsys):
    train(config(steps=4, log_every=2, label="toy"))
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(line.startswith("toy ") and "ETA" in line for line in lines)
    assert lines[-1].startswith("toy 100% 4/4 ")


def test_console_line_on_a_terminal_redraws_one_line():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    line = ConsoleLine("train", stream)
    line(0.5, "5/10 ETA 1m02s loss 0.25")
    line(1.0, "10/10 ETA 0s")
    line.close()
    assert stream.getvalue().count("\r") == 2 and stream.getvalue().endswith("\n")


def test_durations_read_naturally():
    assert [format_duration(s) for s in (4.4, 62, 3725)] == ["4s", "1m02s", "1h02m"]
