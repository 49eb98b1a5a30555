"""Enhance: a face result restored in one step, its recipe recording the step, so that
``generate --recipe`` makes the very same enhanced file again."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from studio.audio.io import write_audio
from studio.cli.main import main
from studio.demodata.speakers import draw_speaker
from studio.demodata.voice import utterance
from studio.engine.recipe import Recipe, read_recipe


@pytest.fixture(scope="module")
def voice(tmp_path_factory):
    path = tmp_path_factory.mktemp("enhance") / "voice.wav"
    write_audio(path, utterance(draw_speaker(3, seed=5), seed=1, seconds=4.0))
    return path


def generate(*args: str) -> int:
    return main(["generate", *args])


def test_enhance_lifts_the_face_and_the_recipe_makes_it_again(voice, tmp_path):
    first, again = tmp_path / "face.png", tmp_path / "again.png"
    assert (
        generate("wen2019:voice-to-face", "--audio", str(voice), "-o", str(first), "--enhance") == 0
    )

    with Image.open(first) as picture:
        assert picture.size == (512, 512)  # the demo restorer's size, from a 64 px face
    recipe = read_recipe(first)
    assert recipe.generator == "wen2019:voice-to-face"
    assert recipe.enhance["generator"] == "avpgan:restore-face"
    assert recipe.enhance["params"]["view"] == "restored"
    assert len(recipe.enhance["weights"]["sha256"]) == 64

    assert generate("--recipe", str(first), "-o", str(again)) == 0
    assert again.read_bytes() == first.read_bytes()


def test_a_plain_recipe_reads_as_before():
    plain = Recipe("g:x", {"plugin": "g", "name": "n", "sha256": "s"}, {}, 0)
    data = json.loads(plain.to_json())
    assert data["format"] == 1 and "enhance" not in data
    assert Recipe.from_json(plain.to_json(), "here") == plain


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--enhance", "wen2019:voice-to-face"], "not a face-restoration generator"),
        (["--enhance", "nobody:restore"], "unknown generator"),
    ],
)
def test_what_cannot_enhance_is_one_line(voice, tmp_path, capsys, extra, says):
    out = tmp_path / "face.png"
    assert generate("wen2019:voice-to-face", "--audio", str(voice), "-o", str(out), *extra) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and says in err[0], err
    assert not out.exists()


def test_sound_is_not_enhanced(voice, tmp_path):
    from studio.api import StudioError
    from studio.app.context import Context
    from studio.demodata.avatar import avatar
    from studio.engine.enhance import enhance
    from studio.engine.runner import GenerateRequest

    face = tmp_path / "face.png"
    Image.fromarray(avatar(draw_speaker(0, seed=1), 128)).save(face)
    engine = Context().engine
    inputs = {"source": str(voice), "reference": str(face)}
    spoken = engine.generate(GenerateRequest("xfavot:face-to-voice", inputs, device="cpu"))
    with pytest.raises(StudioError, match="only a face picture"):
        enhance(engine, spoken)


def test_a_batch_is_not_enhanced(voice, tmp_path, capsys):
    args = ["wen2019:voice-to-face", str(voice), str(voice), "-o", str(tmp_path), "--enhance"]
    assert generate(*args) == 2
    assert "one result at a time" in capsys.readouterr().err
