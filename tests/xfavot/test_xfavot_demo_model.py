"""The committed demo model: small, recorded, the default weights of every xfavot generator,
and a face-to-voice result that changes when the reference face changes (issue 7 acceptance)."""

from __future__ import annotations

import json

import numpy as np
import soundfile

from studio.cli.main import main
from studio.demodata.face import face as draw_face
from studio.demodata.speakers import draw_speaker
from studio.demodata.voice import utterance
from studio_xfavot.plugin import DEMO_WEIGHTS_DIR


def test_the_demo_entry_is_small_and_recorded():
    files = {path.name: path.stat().st_size for path in DEMO_WEIGHTS_DIR.iterdir()}
    assert sum(files.values()) <= 10_000_000
    assert json.loads((DEMO_WEIGHTS_DIR / "source.json").read_text())["demo"] is True
    record = json.loads((DEMO_WEIGHTS_DIR / "TRAINING.json").read_text())
    assert "persona-studio train xfavot:face-to-voice" in " ".join(record["commands"])
    assert record["final_losses"]["step"] > 0
    assert "face_to_voice_f0_spearman" in record["quality_on_held_out_speakers"]


def test_face_to_voice_from_the_command_line_follows_the_photo(tmp_path):
    from PIL import Image

    from studio.audio.io import write_audio

    speaker = draw_speaker(3, seed=7)
    wav = tmp_path / "me.wav"
    write_audio(wav, utterance(speaker, seed=1, seconds=2.0))
    outputs = []
    for index in (0, 1):  # a low and a high voice's faces
        person = draw_speaker(index, seed=9)
        person = type(person)(**{**person.to_dict(), "f0_hz": (95.0, 230.0)[index]})
        png = tmp_path / f"face{index}.png"
        Image.fromarray(draw_face(person, seed=1)).save(png)
        out = tmp_path / f"voice{index}.wav"
        code = main(["generate", "xfavot:face-to-voice", "--audio", str(wav), "--image", str(png),
                     "--set", "gender=auto", "-o", str(out)])  # fmt: skip
        assert code == 0
        samples, rate = soundfile.read(out)
        assert rate == 24000 and abs(len(samples) - 48000) < 600
        outputs.append(samples)
    assert np.abs(outputs[0] - outputs[1]).mean() > 1e-3  # another photo, another voice
