"""Selecting with the mouse and editing: trim, delete, cut/copy/paste, fades, normalise and
gain, each one undo step (Ctrl+Z) and redo step (Ctrl+Shift+Z)."""

from __future__ import annotations

import numpy as np
import pytest
from app_driver import drop_files, wait_for_tracks
from PySide6.QtCore import QPoint, Qt

from studio.ui.model.project import Selection


@pytest.fixture
def voice_window(qtbot, window, voice_file):
    drop_files(window, [voice_file])
    wait_for_tracks(qtbot, window, 1)
    return window


def drag_select(qtbot, lane, start_s: float, end_s: float) -> None:
    viewport = lane.timeline.viewport
    y = lane.height() // 2
    qtbot.mousePress(lane, Qt.MouseButton.LeftButton, pos=QPoint(round(viewport.x_of(start_s)), y))
    qtbot.mouseMove(lane, QPoint(round(viewport.x_of(end_s)), y))
    qtbot.mouseRelease(lane, Qt.MouseButton.LeftButton, pos=QPoint(round(viewport.x_of(end_s)), y))


def only_track(window):
    return window.document.project.tracks[0]


def test_drag_select_trim_then_undo_and_redo_with_the_keyboard(qtbot, voice_window):
    window = voice_window
    lane = next(iter(window.tracks.lanes.values()))
    drag_select(qtbot, lane, 1.0, 2.0)
    selection = window.document.selection
    assert selection.tracks == {only_track(window).id}
    assert selection.start == pytest.approx(1.0, abs=0.02) and selection.end == pytest.approx(
        2.0, abs=0.02
    )

    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert only_track(window).duration == pytest.approx(1.0, abs=0.03)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert only_track(window).duration == pytest.approx(3.0)
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert only_track(window).duration == pytest.approx(1.0, abs=0.03)


def test_every_edit_is_one_undo_step(qtbot, voice_window):
    window = voice_window
    track = only_track(window)
    original = track.render(0, track.frames).copy()
    editor = window.editor
    steps = [
        editor.fade_in,
        editor.fade_out,
        editor.normalise,  # measures the peak in a worker, then applies
        lambda: editor.gain(-6.0),
        editor.delete,
    ]
    stack = window.document.undo_stack
    for step in steps:
        window.document.set_selection(Selection(0.5, 1.5, frozenset({track.id})))
        count = stack.count()
        step()
        qtbot.waitUntil(lambda c=count: stack.count() == c + 1, timeout=5000)
    assert stack.count() == 1 + len(steps)  # the track's arrival, then one per edit
    assert only_track(window).duration == pytest.approx(2.0)
    for _ in steps:
        stack.undo()
    restored = only_track(window)
    np.testing.assert_array_equal(restored.render(0, restored.frames), original)


def test_cut_and_paste_between_tracks_of_different_rates(
    qtbot, window, voice_file, tone_file, tmp_path
):
    from studio.audio import write_audio
    from studio.audio.synth import tone

    other = tmp_path / "tone48k.wav"
    write_audio(other, tone(330.0, 1.0, rate=48000))
    drop_files(window, [voice_file, other])
    wait_for_tracks(qtbot, window, 2)
    voice, beep = sorted(window.document.project.tracks, key=lambda t: t.rate)
    window.document.set_selection(Selection(0.0, 0.5, frozenset({voice.id})))
    window.editor.cut()
    assert window.document.project.track(voice.id).duration == pytest.approx(2.5)
    window.document.set_selection(Selection(1.0, 1.0, frozenset({beep.id})))
    window.editor.paste()  # 16 kHz into 48 kHz: resampled in a worker first
    qtbot.waitUntil(lambda: window.document.project.track(beep.id).duration > 1.4, timeout=20000)
    assert window.document.project.track(beep.id).duration == pytest.approx(1.5, abs=1e-3)
    window.document.undo_stack.undo()
    assert window.document.project.track(beep.id).duration == pytest.approx(1.0)


def test_removing_a_track_is_undoable(voice_window):
    window = voice_window
    header = next(iter(window.tracks.headers.values()))
    header.remove()
    assert not window.document.project.tracks and not window.tracks.lanes
    window.document.undo_stack.undo()
    assert len(window.document.project.tracks) == 1 and len(window.tracks.lanes) == 1


def test_zoom_scroll_and_fit(voice_window):
    window = voice_window
    viewport = window.timeline.viewport
    assert viewport.start == 0 and viewport.visible == pytest.approx(3.0, rel=0.01)
    window.document.set_selection(Selection(1.0, 1.5, frozenset()))
    window.zoom_to_selection()
    assert viewport.start == pytest.approx(1.0) and viewport.end == pytest.approx(1.5)
    window.timeline.scroll_by(100)
    assert viewport.start > 1.0
    bar = window.tracks.hbar
    assert bar.value() / bar.maximum() == pytest.approx(
        viewport.start / (3.0 - viewport.visible), abs=1e-3
    )
    bar.setValue(0)  # dragging the scroll bar scrolls the lanes
    assert viewport.start == 0.0
    window.timeline.zoom(1e9)  # as far in as it goes: billions of pixels wide
    window.timeline.scroll_to(2.0)
    assert 0 < bar.value() <= bar.maximum()
    window.timeline.fit()
    assert viewport.start == 0 and viewport.visible == pytest.approx(3.0, rel=0.01)
