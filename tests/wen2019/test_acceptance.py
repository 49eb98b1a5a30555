"""The official-checkpoint path, as a new user would try it: import the official files, generate
from an MP3, a 48 kHz stereo FLAC and an 8 kHz WAV, reproduce, and meet clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image as PILImage

from studio.cli.main import main
from studio.engine.recipe import RECIPE_KEY


@pytest.fixture
def imported(official_files):
    assert (
        main(["models", "import", "wen2019", *map(str, official_files), "--name", "official"]) == 0
    )


def generate(*args: str) -> int:
    return main(["generate", "wen2019:voice-to-face", *args])


@pytest.mark.parametrize("kind", ["mp3", "flac", "wav8k"])
def test_generate_writes_a_64px_face_and_twice_gives_identical_bytes(
    imported, voice_files, tmp_path, kind
):
    first, second = tmp_path / "first.png", tmp_path / "second.png"
    assert generate("--audio", str(voice_files[kind]), "-o", str(first)) == 0
    assert generate("--audio", str(voice_files[kind]), "-o", str(second)) == 0
    with PILImage.open(first) as image:
        assert image.size == (64, 64) and image.mode == "RGB"
        recipe = json.loads(image.text[RECIPE_KEY])
    assert first.read_bytes() == second.read_bytes()
    assert recipe["generator"] == "wen2019:voice-to-face"
    assert recipe["weights"]["name"] == "official" and len(recipe["weights"]["sha256"]) == 64
    assert recipe["inputs"]["voice"]["path"] == str(voice_files[kind].resolve())
    assert recipe["params"] == {"variation": 0.0, "vad": True, "vad_aggressiveness": 2}
    assert recipe["seed"] == 0 and recipe["app_version"]


def test_the_recipe_reproduces_the_result(imported, voice_files, tmp_path):
    made, again = tmp_path / "made.png", tmp_path / "again.png"
    assert (
        generate(
            "--audio",
            str(voice_files["flac"]),
            "--set",
            "variation=0.3",
            "--seed",
            "7",
            "-o",
            str(made),
        )
        == 0
    )
    assert main(["generate", "--recipe", str(made), "-o", str(again)]) == 0
    assert made.read_bytes() == again.read_bytes()


def test_seed_and_variation_change_the_face(imported, voice_files, tmp_path):
    def pixels(*extra):
        out = tmp_path / f"{len(list(tmp_path.iterdir()))}.png"
        assert generate("--audio", str(voice_files["mp3"]), *extra, "-o", str(out)) == 0
        return np.asarray(PILImage.open(out))

    plain = pixels()
    assert np.array_equal(plain, pixels("--seed", "5"))  # variation 0: the paper's inference
    varied = pixels("--set", "variation=0.5", "--seed", "5")
    assert not np.array_equal(plain, varied)
    assert not np.array_equal(varied, pixels("--set", "variation=0.5", "--seed", "6"))


def test_a_saved_latent_decodes_to_the_same_face(imported, voice_files, tmp_path):
    direct, latent, decoded = (
        tmp_path / "direct.png",
        tmp_path / "face.npz",
        tmp_path / "decoded.png",
    )
    assert (
        generate(
            "--audio", str(voice_files["wav8k"]), "--save-latent", str(latent), "-o", str(direct)
        )
        == 0
    )
    with np.load(latent) as saved:
        assert saved["embedding"].shape == (64,)
        assert np.isclose(np.linalg.norm(saved["embedding"]), 1.0, atol=1e-5)
    assert generate("--latent", str(latent), "-o", str(decoded)) == 0
    assert np.array_equal(np.asarray(PILImage.open(direct)), np.asarray(PILImage.open(decoded)))


def test_the_face_is_what_the_official_networks_compute(
    imported, voice_files, official_files, tmp_path
):
    """Pixel = round((clamp(G(normalize(E(features))), -1, 1) + 1) / 2 * 255), with the
    networks loaded from the original files as the official code loads them."""
    from studio.audio.io import read_audio
    from studio.audio.resample import resample
    from studio_wen2019.features import extract, to_pcm16
    from studio_wen2019.networks import Generator, VoiceEmbedNet

    voice, generator = VoiceEmbedNet().eval(), Generator().eval()
    voice.load_state_dict(torch.load(official_files[0], map_location="cpu", weights_only=True))
    generator.load_state_dict(torch.load(official_files[1], map_location="cpu", weights_only=True))
    clip = resample(read_audio(voice_files["flac"]).mono(), 16000)
    mel = torch.from_numpy(extract(to_pcm16(clip.samples[0])))[None]
    with torch.no_grad():
        face = generator(torch.nn.functional.normalize(voice(mel))).clamp(-1, 1)[0]
    expected = torch.round((face + 1) / 2 * 255).to(torch.uint8).permute(1, 2, 0).numpy()
    out = tmp_path / "face.png"
    assert generate("--audio", str(voice_files["flac"]), "-o", str(out)) == 0
    # Equal up to float summation order (the CPU generator runs as GEMM + fold): at most one
    # level on a pixel that sat on a rounding boundary.
    difference = np.abs(np.asarray(PILImage.open(out)).astype(int) - expected.astype(int))
    assert difference.max() <= 1 and (difference > 0).mean() < 1e-3


def test_the_official_files_import_in_either_order(official_files):
    assert (
        main(
            [
                "models",
                "import",
                "wen2019",
                str(official_files[1]),
                str(official_files[0]),
                "--name",
                "swapped",
            ]
        )
        == 0
    )


def bad_inputs(folder: Path, voice_files) -> dict[str, Path]:
    empty = folder / "empty.wav"
    empty.write_bytes(b"")
    text = folder / "notes.wav"
    text.write_text("these are my lyrics, not audio\n" * 20)
    truncated = folder / "cut.flac"
    data = voice_files["flac"].read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    return {"0-byte": empty, "text renamed .wav": text, "truncated FLAC": truncated}


def test_bad_audio_gives_one_line_and_status_2(imported, voice_files, tmp_path, capsys):
    for label, path in bad_inputs(tmp_path, voice_files).items():
        capsys.readouterr()
        assert generate("--audio", str(path), "-o", str(tmp_path / "x.png")) == 2, label
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and str(path) in err and "Traceback" not in err, (
            label,
            err,
        )
        assert not (tmp_path / "x.png").exists()


def test_silence_gives_a_clear_no_speech_error(imported, tmp_path, capsys):
    from studio.api import AudioClip
    from studio.audio.io import write_audio

    quiet = tmp_path / "quiet.wav"
    write_audio(quiet, AudioClip(np.zeros(32000, np.float32), 16000))
    assert generate("--audio", str(quiet), "-o", str(tmp_path / "x.png")) == 2
    assert "holds only silence" in capsys.readouterr().err


def test_a_wrong_checkpoint_is_refused_with_what_was_expected(official_files, tmp_path, capsys):
    from studio_wen2019.networks import FaceEmbedNet

    wrong = tmp_path / "face_embedding.pth"
    torch.save(FaceEmbedNet().state_dict(), wrong)
    assert main(["models", "import", "wen2019", str(official_files[0]), str(wrong)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(wrong) in err and "expected" in err
    assert (
        main(["models", "import", "wen2019", str(official_files[0]), str(official_files[0])]) == 2
    )
    assert "both files are the voice embedding" in capsys.readouterr().err
    assert main(["models", "list"]) == 0
    assert "wen2019/official" not in capsys.readouterr().out  # nothing was imported


def test_a_malicious_pickle_is_refused_and_never_runs(official_files, tmp_path, capsys):
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    evil = tmp_path / "generator.pth"
    torch.save({"model.0.weight": Payload()}, evil)
    assert main(["models", "import", "wen2019", str(official_files[0]), str(evil)]) == 2
    assert "refused" in capsys.readouterr().err
    assert not marker.exists()


def test_models_list_verify_and_remove(imported, capsys):
    from studio.weights import ModelStore

    capsys.readouterr()
    assert main(["models", "list"]) == 0
    assert "wen2019/official" in capsys.readouterr().out
    assert main(["models", "verify", "wen2019", "official"]) == 0
    weights = ModelStore().get("wen2019", "official").weights_file
    weights.write_bytes(weights.read_bytes()[:-1] + b"\0")  # a flipped byte on disk
    assert main(["models", "verify"]) == 1
    assert "wen2019/official" in capsys.readouterr().out
    assert main(["models", "remove", "wen2019", "official"]) == 0
    capsys.readouterr()
    assert main(["models", "list"]) == 0
    assert "wen2019/official" not in capsys.readouterr().out
