"""The proposed crop: centred on the face OpenCV's bundled cascade finds and framed the way the
demo models saw faces in training; centred, with the reason, when there is no face; the whole
picture for scenes. And the crop rendered sharp even from a huge photo."""

import numpy as np
import pytest
from picture_files import demo_face, overlap, photo_with_face
from PIL import Image as PILImage

from studio.api import Image
from studio.images import faces, proposal
from studio.images.crop import Box
from studio.images.picture import open_picture, picture_of
from studio.images.prepared import prepare, prepare_image, recropped
from studio.images.render import render

pytest.importorskip("cv2")


def test_the_detector_ships_with_opencv():
    assert faces.detector_problem() is None


def test_a_face_in_a_bigger_photo_is_found_and_framed_as_in_training(tmp_path):
    frame = photo_with_face(tmp_path / "me.png", at=(700, 400), side=300)
    prepared = prepare(tmp_path / "me.png")
    assert prepared.proposal.note == "centred on the face found"
    assert overlap(prepared.proposal.face, frame) > 0.5
    # The proposed crop is the frame the face was drawn in, so the model sees what it learnt
    # (within the detector's spread: its box is 0.8-0.9 of the frame's width, face by face).
    assert overlap(prepared.box, frame) > 0.7
    assert np.hypot(*np.subtract(prepared.box.centre, frame.centre)) < 0.06 * frame.width
    assert prepared.image.pixels.shape == (round(prepared.box.height), round(prepared.box.width), 3)
    assert prepared.image.source == str(tmp_path / "me.png")


def test_a_non_square_slot_gets_a_crop_of_its_shape_around_the_face(tmp_path):
    photo_with_face(tmp_path / "me.png", at=(450, 250), side=300)
    prepared = prepare(tmp_path / "me.png", aspect=0.75)
    assert prepared.box.aspect == pytest.approx(0.75)
    face_x, face_y = prepared.proposal.face.centre
    assert abs(prepared.box.centre[0] - face_x) < 2  # centred across, head room above
    assert prepared.box.top < prepared.proposal.face.top < face_y < prepared.box.bottom


def test_without_a_face_the_crop_is_centred_and_says_so(tmp_path):
    PILImage.fromarray(np.full((300, 600, 3), 128, np.uint8)).save(tmp_path / "wall.png")
    prepared = prepare(tmp_path / "wall.png")
    assert prepared.proposal.note == "no face found: centred crop"
    assert prepared.proposal.face is None and prepared.box == Box(150, 0, 300, 300)


def test_without_opencv_the_crop_is_centred_and_says_why(tmp_path, monkeypatch):
    def missing():
        raise faces.DetectorUnavailable("OpenCV is not installed (No module named 'cv2')")

    monkeypatch.setattr(faces, "_cascades", missing)
    photo_with_face(tmp_path / "me.png")
    prepared = prepare(tmp_path / "me.png")
    assert prepared.proposal.note.startswith("centred: no face detection (OpenCV is not installed")
    assert prepared.box == Box(200, 0, 800, 800)


def test_a_scene_input_takes_the_whole_picture_even_with_a_face_in_it(tmp_path):
    photo_with_face(tmp_path / "street.png")
    prepared = prepare(tmp_path / "street.png", content=proposal.SCENE)
    assert prepared.proposal.note == "the whole picture" and prepared.box == Box(200, 0, 800, 800)
    assert prepared.image.pixels.shape == (512, 512, 3)


def test_a_results_picture_is_used_whole():
    result = Image(demo_face(128))
    prepared = prepare_image(result)
    assert prepared.image is result and prepared.box == Box(0, 0, 128, 128)
    assert picture_of(result).scale == 1.0
    wide = prepare_image(Image(np.zeros((100, 300, 3), np.uint8)))
    assert wide.box == Box(100, 0, 100, 100) and wide.image.pixels.shape == (100, 100, 3)


def test_a_small_crop_of_a_huge_photo_is_cut_from_the_file_not_the_working_copy(tmp_path):
    # A 4200x2400 photo whose working copy is halved: a 400-pixel crop needs the file again.
    rng = np.random.default_rng(0)
    detail = rng.integers(0, 256, (400, 400, 3), dtype=np.uint8)
    canvas = np.full((2400, 4200, 3), 100, np.uint8)
    canvas[1000:1400, 2000:2400] = detail
    PILImage.fromarray(canvas).save(tmp_path / "big.png", compress_level=1)
    picture = open_picture(tmp_path / "big.png")
    assert picture.scale == 0.5
    image = render(picture, Box(2000, 1000, 400, 400))
    assert image.pixels.shape == (400, 400, 3)
    np.testing.assert_array_equal(image.pixels, detail)  # pixel for pixel, not upsampled


def test_re_cropping_keeps_the_picture_and_moves_the_box(tmp_path):
    photo_with_face(tmp_path / "me.png")
    prepared = prepare(tmp_path / "me.png")
    moved = recropped(prepared, Box(-50, 10, 100, 100))
    assert moved.box == Box(0, 10, 100, 100) and moved.adjusted and not prepared.adjusted
    assert moved.image.pixels.shape == (100, 100, 3) and moved.picture is prepared.picture
