"""Image inputs in the app: a box per image slot of the chosen model, filled by dropping a
picture on it or on the window, by Choose…, or with a result's picture."""

import numpy as np
import pytest
from app_driver import drop_files, generate
from PIL import Image as PILImage

from studio.api import Image
from studio.ui.model.images import MAX_SIDE, square

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


def test_the_centre_square_is_used_and_big_photos_are_scaled_down():
    wide = Image(np.zeros((200, 300, 3), np.uint8))
    wide.pixels[:, 50:250] = 255
    assert (square(wide).pixels == 255).all() and square(wide).pixels.shape == (200, 200, 3)
    assert square(Image(np.zeros((1000, 2000, 3), np.uint8))).pixels.shape == (
        MAX_SIDE, MAX_SIDE, 3,
    )


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
    drop_files(box, [picture(tmp_path / "me.png")])
    assert box.image is not None and box.image.pixels.shape == (200, 200, 3)
    assert "me.png (200×200)" in box.hint.text()
    result = generate(qtbot, facey, "facey:face-to-swatch")
    assert result.output.pixels[0, 0].tolist() == [200, 40, 40]
    assert result.inputs["face"] is box.image  # kept with the result (projects, re-runs)


def test_a_picture_dropped_on_the_window_fills_the_box(qtbot, facey, tmp_path):
    drop_files(facey, [picture(tmp_path / "me.jpg", colour=(0, 0, 250))])
    image = facey.generator.images.boxes["face"].image
    assert image is not None and abs(int(image.pixels[100, 100, 2]) - 250) < 8
    assert len(facey.document.project.tracks) == 1  # not opened as audio


def test_a_broken_picture_is_named_in_the_message(facey, tmp_path):
    fake = tmp_path / "broken.png"
    fake.write_bytes(b"not a png at all")
    facey.generator.images.boxes["face"].load(fake)
    text = facey.generator.status.text
    assert "broken.png" in text and "not an image file" in text
    assert facey.generator.images.boxes["face"].image is None


def test_a_result_can_be_the_next_models_picture(qtbot, facey, tmp_path):
    box = facey.generator.images.boxes["face"]
    drop_files(box, [picture(tmp_path / "me.png")])
    result = generate(qtbot, facey, "facey:face-to-swatch")
    box.set_image(None)
    facey.output.useAsInputRequested.emit(result.output)
    assert box.image is result.output


def test_the_picture_stays_when_switching_models_and_back(facey, tmp_path):
    panel = facey.generator
    panel.images.boxes["face"].load(picture(tmp_path / "me.png"))
    chosen = panel.images.boxes["face"].image
    panel.select_generator("example:voice-to-swatch")
    panel.select_generator("facey:face-to-swatch")
    assert panel.images.boxes["face"].image is chosen
    panel.images.boxes["face"].set_image(None)  # cleared is forgotten
    panel.select_generator("example:voice-to-swatch")
    panel.select_generator("facey:face-to-swatch")
    assert panel.images.boxes["face"].image is None
