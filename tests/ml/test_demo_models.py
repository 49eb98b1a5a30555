"""The shared steps of the plugins' make_demo_model.py scripts."""

import os

from studio.ml.demo_models import last_metrics, run_persona_studio


def test_last_metrics_reads_the_final_row_without_time_or_empty_cells(tmp_path):
    path = tmp_path / "metrics.csv"
    path.write_text("step,time,loss,acc\n10,1.5,0.9,0.1\n20,3.0,0.5,\n")
    assert last_metrics(path) == {"step": 20.0, "loss": 0.5}


def test_commands_run_in_a_child_process_and_are_echoed(capsys):
    run_persona_studio("--version", env=dict(os.environ))
    assert "$ persona-studio --version" in capsys.readouterr().out
