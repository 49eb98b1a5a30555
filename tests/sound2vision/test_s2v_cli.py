"""The manipulations from the command line: --set gain_db, several --audio with --set mix,
--save-latent, and importing the IC-GAN folder with `models import`."""

from __future__ import annotations

import numpy as np
from sound2vision_files import narrow_folder, scene_tracks, small_entry

from studio.audio.io import write_audio
from studio.audio.mix import mix
from studio.cli.main import main
from studio.engine import Engine, GenerateRequest
from studio.engine.image_io import read_image
from studio.host import PluginHost
from studio.weights import ModelStore

GENERATOR = "sound2vision:sound-to-scene"


def test_several_audio_files_are_mixed_like_the_mixer(tmp_path):
    ModelStore().add("sound2vision", "small", small_entry())
    bed, bird = scene_tracks(kind=1)
    write_audio(tmp_path / "bed.wav", bed, subtype="FLOAT")
    write_audio(tmp_path / "bird.wav", bird, subtype="FLOAT")
    out, latent = tmp_path / "mix.png", tmp_path / "mix.npz"
    args = ["generate", GENERATOR, "--audio", str(tmp_path / "bed.wav"), "--audio"]
    args += [str(tmp_path / "bird.wav"), "--set", "mix=0,6", "--set", "z_var=0"]
    args += ["--weights", "small", "-o", str(out), "--save-latent", str(latent)]
    assert main(args) == 0
    engine = Engine(PluginHost(), ModelStore())
    expected = engine.generate(
        GenerateRequest(
            GENERATOR, {"sound": mix([bed, bird], [0.0, 6.0])}, {"z_var": 0.0}, weights="small"
        )
    )
    assert np.array_equal(read_image(out).pixels, expected.output.pixels)
    with np.load(latent) as saved:
        assert saved["feature"].shape == (2048,)
        assert abs(float(np.linalg.norm(saved["feature"])) - 1) < 1e-5
        assert saved["z"].shape == (1, 20) and not saved["z"].any()
    louder = tmp_path / "louder.png"
    assert main([*args[:-4], "--set", "gain_db=6", "--weights", "small", "-o", str(louder)]) == 0
    assert not np.array_equal(read_image(louder).pixels, read_image(out).pixels)


def test_mix_volumes_must_match_the_files(tmp_path, capsys):
    bed, bird = scene_tracks(kind=1)
    write_audio(tmp_path / "a.wav", bed)
    write_audio(tmp_path / "b.wav", bird)
    args = [
        "generate",
        GENERATOR,
        "--audio",
        str(tmp_path / "a.wav"),
        "--audio",
        str(tmp_path / "b.wav"),
    ]
    assert main([*args, "--set", "mix=0", "-o", str(tmp_path / "x.png")]) == 2
    assert "2 --audio files need 2 volumes" in capsys.readouterr().err


def test_models_import_takes_the_icgan_folder(official_files, tmp_path, capsys):
    folder = narrow_folder(tmp_path)
    assert (
        main(["models", "import", "sound2vision", str(official_files["audio"]), str(folder)]) == 0
    )
    assert "imported sound2vision/official" in capsys.readouterr().out
    entry = ModelStore().list("sound2vision")
    assert [e.name for e in entry] == ["official"]
