"""``--input SLOT=FILE``: generators with two inputs of one kind (voice-to-voice: source speech
and reference voice) are usable from the command line, alone and in batches."""

import numpy as np
import pytest
from PIL import Image as PILImage
from plugin_sites import add_module, register

from studio.audio.io import write_audio
from studio.audio.synth import tone
from studio.cli.main import main

TWO_VOICES = """
import numpy as np
from studio.api import GeneratorInfo, Image, Kind, Latent, Slot, Task, hookimpl

@hookimpl
def studio_generators():
    return [GeneratorInfo(id="duet:voice-to-voice", title="Duet", task=Task.VOICE_TO_VOICE,
                          inputs=(Slot("source", Kind.AUDIO), Slot("reference", Kind.AUDIO)),
                          output=Kind.IMAGE, load="plugin_duet:load")]

def load(device, model):
    return Duet()

class Duet:
    def encode(self, inputs, params, progress):
        loudness = [float(np.abs(inputs[n].samples).max()) for n in ("source", "reference")]
        return Latent({"loudness": np.array(loudness, np.float32)})
    def decode(self, latent, params, progress):
        source, reference = (latent.arrays["loudness"] * 250).astype(np.uint8)
        return Image(np.full((4, 4, 3), (source, reference, 0), np.uint8))
"""


@pytest.fixture
def duet(plugin_site, tmp_path):
    add_module(plugin_site, "plugin_duet", TWO_VOICES)
    register(plugin_site, "duet-plugin", "duet", "plugin_duet")
    loud, quiet = tmp_path / "loud.wav", tmp_path / "quiet.wav"
    write_audio(loud, tone(200.0, 0.5, rate=16000, amplitude=0.8))
    write_audio(quiet, tone(300.0, 0.5, rate=16000, amplitude=0.2))
    return loud, quiet


def colour(path):
    return np.asarray(PILImage.open(path))[0, 0, :2].tolist()


def test_the_second_voice_goes_to_the_named_slot(duet, tmp_path):
    loud, quiet = duet
    out = tmp_path / "out.png"
    assert main(["generate", "duet:voice-to-voice", "--audio", str(loud),
                 "--input", f"reference={quiet}", "-o", str(out)]) == 0  # fmt: skip
    assert colour(out) == [200, 50]


def test_an_unknown_slot_lists_the_inputs(duet, tmp_path, capsys):
    loud, quiet = duet
    status = main(["generate", "duet:voice-to-voice", "--audio", str(loud),
                   "--input", f"voice={quiet}", "-o", str(tmp_path / "o.png")])  # fmt: skip
    assert status == 2
    error = capsys.readouterr().err
    assert "has no input 'voice'; its inputs: source (audio), reference (audio)" in error
    assert main(["generate", "duet:voice-to-voice", "--input", "reference",
                 "-o", str(tmp_path / "o.png")]) == 2  # fmt: skip
    assert "write it as SLOT=FILE" in capsys.readouterr().err


def test_a_batch_gives_every_file_the_same_reference(duet, tmp_path):
    _, quiet = duet
    folder = tmp_path / "speech"
    folder.mkdir()
    write_audio(folder / "a.wav", tone(200.0, 0.5, rate=16000, amplitude=0.8))
    write_audio(folder / "b.wav", tone(200.0, 0.5, rate=16000, amplitude=0.4))
    out = tmp_path / "outs"
    assert main(["generate", "duet:voice-to-voice", str(folder), "-o", str(out),
                 "--input", f"reference={quiet}"]) == 0  # fmt: skip
    assert colour(out / "a-voice-to-voice.png") == [200, 50]
    assert colour(out / "b-voice-to-voice.png") == [100, 50]
