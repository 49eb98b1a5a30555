"""The command line as a user meets it: one-line errors with status 2, and a start-up that
never loads torch for commands that do not need it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from plugin_sites import add_module, install_example, register

from studio.cli.main import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_plugins_lists_generators_and_failures_without_importing_torch(plugin_site):
    install_example(plugin_site)
    add_module(plugin_site, "plugin_broken", "raise ImportError('needs a GPU driver')\n")
    register(plugin_site, "broken-plugin", "broken", "plugin_broken")
    probe = (
        "import sys; from studio.cli.main import main; status = main(['plugins']); "
        "assert 'torch' not in sys.modules, 'torch was imported'; sys.exit(status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "wen2019:voice-to-face" in done.stdout
    assert "example:voice-to-swatch" in done.stdout
    assert (
        "broken" in done.stdout and "FAILED" in done.stdout and "needs a GPU driver" in done.stdout
    )


def test_importing_studio_does_not_import_torch():
    probe = "import sys, studio, studio.api, studio.host, studio.audio, studio.weights, studio.cli.main; assert 'torch' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", probe]).returncode == 0


@pytest.mark.parametrize(
    "args, words",
    [
        (
            ["generate", "nope:thing", "--audio", "x.wav", "-o", "o.png"],
            "unknown generator 'nope:thing'",
        ),
        (
            [
                "generate",
                "wen2019:voice-to-face",
                "--audio",
                "missing.wav",
                "--weights",
                "untrained",
                "-o",
                "o.png",
            ],
            "missing.wav",
        ),
        (
            ["generate", "wen2019:voice-to-face", "--set", "variation", "-o", "o.png"],
            "expected NAME=VALUE",
        ),
        (
            ["generate", "wen2019:voice-to-face", "--set", "variation=2", "-o", "o.png"],
            "above the maximum",
        ),
        (
            ["generate", "wen2019:voice-to-face", "--set", "colour=red", "-o", "o.png"],
            "no param colour",
        ),
        (
            [
                "generate",
                "wen2019:voice-to-face",
                "--audio",
                "x.wav",
                "--weights",
                "nonesuch",
                "-o",
                "o.png",
            ],
            "nonesuch",
        ),
        (["generate", "--recipe", "nothing.png", "-o", "o.png"], "nothing.png: no such file"),
        (["models", "remove", "wen2019", "ghost"], "ghost"),
        (["models", "import", "nobody", "a.pth"], "plugin 'nobody' has no importer"),
        (["frobnicate"], "invalid choice"),
        (["generate", "wen2019:voice-to-face"], "required: -o/--output"),
    ],
)
def test_user_errors_print_one_line_and_exit_2(args, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("persona-studio: error:") and words in err, err


def test_a_subprocess_shows_no_traceback_unless_debug(tmp_path):
    done = run("generate", "nope:thing", "-o", str(tmp_path / "o.png"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    debug = run("--debug", "generate", "nope:thing", "-o", str(tmp_path / "o.png"))
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_selftest_runs_every_generator_and_says_where_the_outputs_are(tmp_path, capsys):
    assert main(["selftest", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "ok   wen2019:voice-to-face (weights demo" in out
    assert f"outputs are in {tmp_path}" in out
    assert (tmp_path / "wen2019_voice-to-face.png").is_file()


def test_the_installed_apps_selftest_also_opens_and_closes_the_window(tmp_path):
    """``--selftest`` is what the packaging build runs in the frozen bundle."""
    done = run("--selftest", "--out", str(tmp_path), "--generator", "wen2019:voice-to-face")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok   wen2019:voice-to-face" in done.stdout
    assert "sf2f:" not in done.stdout  # only the generator asked for
    assert "ok   face detection (OpenCV" in done.stdout  # picture inputs' crop proposal
    assert "ok   main window shown and closed" in done.stdout
    assert "self-test passed" in done.stdout


def test_selftest_drop_generates_a_face_from_a_dropped_file(tmp_path):
    """The installed-app check run under Xvfb: drop a WAV on the window, generate, close."""
    from studio.audio.io import write_audio
    from studio.audio.synth import speech_like

    voice = tmp_path / "voice.wav"
    write_audio(voice, speech_like(3.0, 16000, seed=2))
    shot = tmp_path / "window.png"
    done = run("selftest", "--drop", str(voice), "--screenshot", str(shot))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok   dropped voice.wav, wen2019:voice-to-face generated, window closed" in done.stdout
    assert shot.stat().st_size > 10_000
    missing = run("selftest", "--drop", str(tmp_path / "nope.wav"))
    assert missing.returncode == 2 and "nope.wav: no such file" in missing.stderr


def test_selftest_fails_when_a_plugin_is_broken(plugin_site, tmp_path, capsys):
    add_module(plugin_site, "plugin_broken", "raise ImportError('nope')\n")
    register(plugin_site, "broken-plugin", "broken", "plugin_broken")
    assert main(["selftest", "--out", str(tmp_path), "--generator", "wen2019:voice-to-face"]) == 1
    assert "FAIL plugin broken (import)" in capsys.readouterr().out
    assert main(["selftest", "--generator", "nope:x"]) == 2
    assert "no generator 'nope:x'" in capsys.readouterr().err


def test_generate_leaves_the_ctrl_c_handler_as_it_found_it(plugin_site, tmp_path):
    import signal

    from studio.audio.io import write_audio
    from studio.audio.synth import tone

    install_example(plugin_site)
    write_audio(tmp_path / "a.wav", tone(440, 0.5))
    before = signal.getsignal(signal.SIGINT)
    assert (
        main(
            [
                "generate",
                "example:voice-to-swatch",
                "--audio",
                str(tmp_path / "a.wav"),
                "-o",
                str(tmp_path / "s.png"),
            ]
        )
        == 0
    )
    assert signal.getsignal(signal.SIGINT) is before


def test_files_without_a_command_open_in_the_app(tmp_path):
    from studio.cli.main import with_default_command

    take = tmp_path / "take.wav"
    take.write_bytes(b"RIFF")
    assert with_default_command([str(take)]) == ["gui", str(take)]
    assert with_default_command(["generate", "x:y"]) == ["generate", "x:y"]
    assert with_default_command(["missing.wav"]) == ["missing.wav"]  # still a clear usage error
