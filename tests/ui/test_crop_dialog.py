"""The crop tool: the frame follows the mouse locked to the model's input shape, Auto and Whole
picture reset it, OK re-crops the input and Cancel keeps it; double-click reopens it."""

import pytest
from picture_files import photo_with_face
from PIL import Image as PILImage
from PySide6.QtCore import QPoint, Qt

from studio.api import Kind, Slot
from studio.images.crop import Box, largest
from studio.images.prepared import prepare
from studio.ui.crop_dialog import CropDialog
from studio.ui.image_inputs import ImageSlotBox
from studio.ui.workers import Jobs

pytest.importorskip("cv2")
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(scope="module")
def portrait(tmp_path_factory):
    path = tmp_path_factory.mktemp("pictures") / "me.png"
    photo_with_face(path, size=(900, 600), at=(450, 200), side=260)
    return path


def dialog_on(qtbot, prepared):
    dialog = CropDialog(prepared, "Reference face")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def view_point(view, point) -> QPoint:
    x, y = view.to_view_point(point)
    return QPoint(round(x), round(y))


def drag(qtbot, view, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(view, LEFT, pos=start)
    for step in (0.5, 1.0):
        middle = start + (end - start) * step
        qtbot.mouseMove(view, middle)
    qtbot.mouseRelease(view, LEFT, pos=end)


def test_dragging_a_corner_resizes_at_the_models_aspect(qtbot, portrait):
    prepared = prepare(portrait, aspect=0.75)
    dialog = dialog_on(qtbot, prepared)
    view, before = dialog.view, dialog.box
    assert dialog.box.aspect == pytest.approx(0.75)
    corner = view_point(view, before.corner("bottom-right"))
    drag(qtbot, view, corner, corner + QPoint(-40, -40))
    smaller = dialog.box
    assert smaller.aspect == pytest.approx(0.75) and smaller.width < before.width
    assert (smaller.left, smaller.top) == pytest.approx((before.left, before.top))  # anchored
    corner = view_point(view, smaller.corner("bottom-right"))
    drag(qtbot, view, corner, corner + QPoint(30, 0))  # sideways only: it grows both ways
    bigger = dialog.box
    assert bigger.aspect == pytest.approx(0.75) and bigger.height > smaller.height
    assert (bigger.left, bigger.top) == pytest.approx((before.left, before.top))
    assert f"{bigger.width:.0f}×{bigger.height:.0f} of 900×600 px" in dialog.info.text()


def test_dragging_inside_moves_the_frame_but_not_off_the_picture(qtbot, portrait):
    dialog = dialog_on(qtbot, prepare(portrait))
    view, before = dialog.view, dialog.box
    centre = view_point(view, before.centre)
    drag(qtbot, view, centre, centre + QPoint(-2000, 0))
    assert dialog.box == Box(0, before.top, before.width, before.height)


def test_scrolling_and_keys_zoom_and_nudge_within_the_aspect(qtbot, portrait):
    dialog = dialog_on(qtbot, prepare(portrait, aspect=4 / 3))
    before = dialog.box
    dialog.view.zoom(1 / 1.1)
    assert dialog.box.width < before.width and dialog.box.aspect == pytest.approx(4 / 3)
    left = dialog.box.left
    qtbot.keyClick(dialog.view, Qt.Key.Key_Right)
    assert dialog.box.left == pytest.approx(left + 6)  # 1 % of the shorter side


def test_auto_and_whole_picture_reset_the_frame(qtbot, portrait):
    prepared = prepare(portrait)
    dialog = dialog_on(qtbot, prepared)
    dialog.view.set_box(Box(0, 0, 100, 100))
    assert "your crop" in dialog.info.text()
    qtbot.mouseClick(dialog.whole_button, LEFT)
    assert dialog.box == largest(1.0, (900, 600))
    qtbot.mouseClick(dialog.auto_button, LEFT)
    assert dialog.box == prepared.proposal.box
    assert "centred on the face found" in dialog.info.text()


@pytest.fixture
def box(qtbot):
    jobs = Jobs()
    widget = ImageSlotBox(Slot("face", Kind.IMAGE, "Reference face"), jobs)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    jobs.wait(10000)


def test_a_new_picture_opens_the_crop_tool_and_ok_recrops_the_input(qtbot, box, portrait):
    with qtbot.waitSignal(box.loaded, timeout=30000):
        box.load(portrait)
    assert box.loading is False and "centred on the face found" in box.hint.text()
    proposed = box.image
    dialog = box.dialog
    assert dialog.isVisible() and dialog.box == box.prepared.proposal.box
    dialog.view.set_box(Box(100, 100, 300, 300))
    with qtbot.waitSignal(box.changed, timeout=30000):
        dialog.accept()
    assert box.prepared.box == Box(100, 100, 300, 300) and box.image is not proposed
    assert box.image.pixels.shape == (300, 300, 3)
    assert "me.png (900×600) · your crop" in box.hint.text()


def test_double_click_reopens_the_crop_tool_and_cancel_keeps_the_crop(qtbot, box, portrait):
    box.review = False
    with qtbot.waitSignal(box.loaded, timeout=30000):
        box.load(portrait)
    assert box.dialog is None
    image = box.image
    qtbot.mouseDClick(box.thumbnail, LEFT)
    assert box.dialog is not None and box.dialog.isVisible()
    box.dialog.view.set_box(Box(0, 0, 50, 50))
    box.dialog.reject()
    assert box.image is image
    qtbot.mouseClick(box.crop_button, LEFT)  # the button does the same
    assert box.dialog.isVisible()


def test_opening_a_picture_does_not_wait_for_it(qtbot, box, portrait):
    box.load(portrait)
    assert box.loading and box.image is None and box.hint.text() == "Opening me.png…"
    qtbot.waitUntil(lambda: not box.loading, timeout=30000)
    assert box.image is not None


def test_a_second_picture_replaces_the_first_and_its_crop_tool(qtbot, box, portrait, tmp_path):
    with qtbot.waitSignal(box.loaded, timeout=30000):
        box.load(portrait)
    first = box.dialog
    wall = tmp_path / "wall.png"
    PILImage.new("RGB", (640, 480), (128, 128, 128)).save(wall)  # no face at all
    box.load(wall)
    assert not first.isVisible()
    first.accept()  # a late OK on the old picture's crop tool changes nothing
    assert box.loading
    qtbot.waitUntil(lambda: not box.loading, timeout=30000)
    assert box.prepared.picture.name == "wall.png" and box.dialog is not first
    assert box.prepared.proposal.note == "no face found: centred crop"
