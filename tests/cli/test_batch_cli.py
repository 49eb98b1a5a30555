"""`persona-studio generate GEN FILE... -o FOLDER`: one output with its recipe per input, files
and folders mixed; a bad file is reported and the others still made (exit status 1)."""

from __future__ import annotations

from plugin_sites import install_example

from studio.audio import write_audio
from studio.audio.synth import speech_like
from studio.cli.main import main
from studio.engine.recipe import read_recipe


def test_several_inputs_go_to_an_output_folder(plugin_site, tmp_path, capsys):
    install_example(plugin_site)
    folder = tmp_path / "more"
    folder.mkdir()
    first = tmp_path / "first.wav"
    write_audio(first, speech_like(1.0, 16000, seed=1))
    write_audio(folder / "second.flac", speech_like(1.0, 16000, seed=2))
    (folder / "readme.txt").write_text("skipped: not audio")
    out = tmp_path / "out"
    code = main(["generate", "example:voice-to-swatch", str(first), str(folder), "-o", str(out),
                 "--seed", "3", "--set", "size=8"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    made = sorted(p.name for p in out.iterdir())
    assert made == ["first-voice-to-swatch.png", "second-voice-to-swatch.png"]
    recipe = read_recipe(out / "second-voice-to-swatch.png")
    assert recipe.seed == 3 and recipe.params["size"] == 8
    assert "2 of 2 done" in capsys.readouterr().out

    # again into the same folder: nothing is overwritten
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF not really")
    assert (
        main(["generate", "example:voice-to-swatch", str(first), str(broken), "-o", str(out)]) == 1
    )
    printed = capsys.readouterr().out
    assert "first-voice-to-swatch-2.png" in printed
    assert "1 of 2 done, 1 failed" in printed and "broken.wav" in printed


def test_several_inputs_need_a_folder(plugin_site, tmp_path, capsys):
    install_example(plugin_site)
    voice = tmp_path / "v.wav"
    write_audio(voice, speech_like(1.0, 16000, seed=1))
    assert main(["generate", "example:voice-to-swatch", str(voice), str(voice), "-o",
                 str(tmp_path / "x.png")]) == 2  # fmt: skip
    assert "-o names a folder" in capsys.readouterr().err
