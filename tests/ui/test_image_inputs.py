"""Image inputs in the app: a box per image slot of the chosen model, filled by dropping a
picture on it or on the window, by Choose…, or with a result's picture."""

import numpy as np
import pytest
from app_driver import drop_files, generate
from PIL import Image as PILImage

FACE_VOICE = """
import numpy as np
from studio.api import GeneratorInfo, Image, Kind, Latent, Slot, Task, hookimpl

@hookimpl
def studio_generators():
    return [GeneratorInfo(id="facey:face-to-swatch", title="Facey", task=Task.FACE_TO_VOICE,
                          inputs=(Slot("face", Kind.IMAGE, "Reference face"),
                                  Slot("voice", Kind.AUDIO, "Source speech")),
                          output=Kind.IMAGE, load="plugin_facey:load")]

def load(device, model):
    return Swatch()

class Swatch:
    def encode(self, inputs, params, progress):
        face = inputs["face"].pixels.astype(np.float32)
        return Latent({"colour": face.reshape(-1, 3).mean(axis=0)})
    def decode(self, latent, params, progress):
        return Image(np.broadcast_to(latent.arrays["colour"].astype(np.uint8), (8, 8, 3)).copy())
"""


def picture(path, size=(300, 200), colour=(200, 40, 40)):
    pixels = np.zeros((size[1], size[0], 3), np.uint8)
    pixels[:] = (10, 10, 10)
    left = (size[0] - size[1]) // 2
    pixels[:, left : left + size[1]] = colour  # the centre square is all ``colour``
    PILImage.fromarray(pixels).save(path)
    return path


@pytest.fixture
def facey(window_with_plugin):
    window = window_with_plugin("facey", FACE_VOICE)
    window.generator.select_generator("facey:face-to-swatch")
    return window


def opened(qtbot, box, drop_on, path):
    """Drop ``path`` on ``drop_on`` and wait until ``box`` has opened it (in a worker); the crop
    tool that opens on it is closed, keeping the proposed crop."""
    with qtbot.waitSignal(box.loaded, timeout=30000):
        drop_files(drop_on, [path])
    assert box.dialog is not None and box.dialog.isVisible()
    box.dialog.reject()
    return box.image


def test_a_model_without_picture_inputs_shows_no_box(window):
    window.generator.select_generator("example:voice-to-swatch")
    assert not window.generator.images.isVisibleTo(window.generator)


def test_generate_asks_for_the_missing_picture(qtbot, facey):
    panel = facey.generator
    assert list(panel.images.boxes) == ["face"]
    with qtbot.waitSignal(facey.generation.finished, timeout=30000):
        panel.generate_or_cancel()
    assert "Reference face: choose a picture for it first" in panel.status.text


def test_a_picture_dropped_on_its_box_is_the_models_input(qtbot, facey, tmp_path):
    box = facey.generator.images.boxes["face"]
    image = opened(qtbot, box, box, picture(tmp_path / "me.png"))
    assert image is not None and image.pixels.shape == (200, 200, 3)  # the centre square
    assert "me.png (300×200) · no face found: centred crop" in box.hint.text()
    assert "me.png: no face found: centred crop" in facey.generator.status.text
    result = generate(qtbot, facey, "facey:face-to-swatch")
    assert result.output.pixels[0, 0].tolist() == [200, 40, 40]
    assert result.inputs["face"] is box.image  # kept with the result (projects, re-runs)


def test_a_picture_dropped_on_the_window_fills_the_box(qtbot, facey, tmp_path):
    box = facey.generator.images.boxes["face"]
    image = opened(qtbot, box, facey, picture(tmp_path / "me.jpg", colour=(0, 0, 250)))
    assert image is not None and abs(int(image.pixels[100, 100, 2]) - 250) < 8
    assert len(facey.document.project.tracks) == 1  # not opened as audio


def test_a_broken_picture_is_named_in_the_message(qtbot, facey, tmp_path):
    fake = tmp_path / "broken.png"
    fake.write_bytes(b"not a png at all")
    box = facey.generator.images.boxes["face"]
    box.load(fake)
    qtbot.waitUntil(lambda: not box.loading, timeout=30000)
    text = facey.generator.status.text
    assert "broken.png" in text and "not an image file" in text
    assert box.image is None and box.dialog is None


def test_a_result_can_be_the_next_models_picture(qtbot, facey, tmp_path):
    box = facey.generator.images.boxes["face"]
    opened(qtbot, box, box, picture(tmp_path / "me.png"))
    result = generate(qtbot, facey, "facey:face-to-swatch")
    box.set_image(None)
    facey.output.useAsInputRequested.emit(result.output)
    assert box.image is result.output


def test_the_picture_stays_when_switching_models_and_back(qtbot, facey, tmp_path):
    panel = facey.generator
    box = panel.images.boxes["face"]
    chosen = opened(qtbot, box, box, picture(tmp_path / "me.png"))
    panel.select_generator("example:voice-to-swatch")
    panel.select_generator("facey:face-to-swatch")
    assert panel.images.boxes["face"].image is chosen
    panel.images.boxes["face"].set_image(None)  # cleared is forgotten
    panel.select_generator("example:voice-to-swatch")
    panel.select_generator("facey:face-to-swatch")
    assert panel.images.boxes["face"].image is None
