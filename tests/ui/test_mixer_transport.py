"""The mixer and transport: faders, mute, solo, master and crossfade shape both what is heard
and what the generator gets; Space plays and pauses, Stop returns, Loop repeats the selection,
meters move while playing; with no output device playback says why."""

from __future__ import annotations

import numpy as np
import pytest
from app_driver import drop_files, wait_for_tracks
from PySide6.QtCore import Qt

from studio.audio.playback import AudioUnavailable, FakePlayback
from studio.ui.model.mixdown import mix_selection
from studio.ui.model.project import Selection


@pytest.fixture
def two_tracks(qtbot, window, voice_file, tone_file):
    drop_files(window, [voice_file, tone_file])
    wait_for_tracks(qtbot, window, 2)
    qtbot.waitUntil(lambda: window.transport.available, timeout=10000)
    tracks = {t.name: t for t in window.document.project.tracks}
    return window, tracks["voice.wav"], tracks["tone.flac"]


def heard(qtbot, window, playback, seconds: float) -> np.ndarray:
    """Pull ``seconds`` of sound from the fake device, as a sound card would."""
    player = window.transport.player
    stream = playback.streams[-1]
    blocks = []
    for _ in range(round(seconds * player.rate / 512)):
        qtbot.waitUntil(lambda: player.buffered >= 1 or not player.rendering, timeout=5000)
        blocks.append(stream.pump(512))
    return np.concatenate(blocks)


def test_space_plays_the_mix_moves_the_playhead_and_the_meters(qtbot, two_tracks, playback):
    window, voice, beep = two_tracks
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.transport.playing and window.play_action.text() == "❚❚ Pause"
    sound = heard(qtbot, window, playback, 0.5)
    project = window.document.project
    expected = voice.render(0, len(sound))[0] + beep.render(0, len(sound))[0]
    np.testing.assert_allclose(sound[:, 0], expected, atol=1e-6)
    qtbot.waitUntil(lambda: window.timeline.playhead > 0.3, timeout=5000)
    strip = window.mixer.strips[beep.id]
    qtbot.waitUntil(lambda: strip.meter.db > -20, timeout=5000)
    assert project is window.document.project  # playing changes nothing in the project

    qtbot.keyClick(window, Qt.Key.Key_Space)  # pause
    assert not window.transport.playing
    paused_at = window.timeline.playhead
    assert paused_at > 0.3
    window.transport.stop()
    assert window.timeline.playhead == 0.0


def test_loop_repeats_the_selection(qtbot, two_tracks, playback):
    window, _, beep = two_tracks
    window.document.set_selection(Selection(0.5, 0.75, frozenset({beep.id})))
    window.loop_action.setChecked(True)
    window.transport.play_pause()
    sound = heard(qtbot, window, playback, 0.8)
    first = sound[:4000, 0]  # 0.25 s at 16 kHz
    np.testing.assert_allclose(sound[4000:8000, 0], first, atol=1e-6)
    window.transport.stop()


def test_faders_mute_solo_and_master_shape_the_generator_input(qtbot, two_tracks):
    window, voice, beep = two_tracks
    document = window.document
    strip = window.mixer.strips[voice.id]
    whole = Selection(0.0, 2.0, frozenset())
    before = mix_selection(document.project, whole).samples

    for value in (-20, -40, -60):  # one drag of the fader...
        strip.fader.slider.setValue(value)
    assert document.project.track(voice.id).volume_db == -6.0
    document.undo_stack.undo()  # ...is one undo step
    assert document.project.track(voice.id).volume_db == 0.0
    document.undo_stack.redo()

    window.mixer.strips[beep.id].solo.click()
    solo = mix_selection(document.project, whole).samples
    np.testing.assert_allclose(solo[0], beep.render(0, solo.shape[1])[0], atol=1e-6)
    window.mixer.strips[beep.id].mute.click()  # muted wins over solo
    with pytest.raises(Exception, match="no track to use"):
        mix_selection(document.project, whole)
    document.undo_stack.undo()
    document.undo_stack.undo()

    window.mixer.master.slider.setValue(60)  # +6 dB on everything
    louder = mix_selection(document.project, whole).samples
    quieter_voice = voice.render(0, louder.shape[1])[0] * 10 ** (-6 / 20)
    np.testing.assert_allclose(
        louder[0], (quieter_voice + beep.render(0, louder.shape[1])[0]) * 10 ** (6 / 20), atol=1e-5
    )
    assert not np.allclose(before, louder)


def test_the_crossfade_blends_two_chosen_tracks(qtbot, two_tracks):
    window, voice, beep = two_tracks
    control = window.mixer.crossfade
    control.a.setCurrentIndex(control.a.findData(voice.id))
    control.b.setCurrentIndex(control.b.findData(beep.id))
    control.enabled.setChecked(True)
    whole = Selection(0.0, 2.0, frozenset())

    control.amount.setValue(0)
    only_a = mix_selection(window.document.project, whole).samples[0]
    np.testing.assert_allclose(only_a, voice.render(0, only_a.size)[0], atol=1e-6)
    control.amount.setValue(100)
    only_b = mix_selection(window.document.project, whole).samples[0]
    np.testing.assert_allclose(only_b, beep.render(0, only_b.size)[0], atol=1e-6)
    control.enabled.setChecked(False)
    assert window.document.project.crossfade is None


def test_without_an_output_device_playback_says_why(qtbot, make_window):
    window = make_window(speakers=FakePlayback(device_list=()))
    qtbot.waitUntil(
        lambda: window.transport.unavailable.startswith("Playback is off"), timeout=10000
    )
    assert not window.play_action.isEnabled()
    assert "no audio output device" in window.play_action.toolTip()
    window.transport.play_pause()
    assert "no audio output device" in window.status.text


class Only48k(FakePlayback):
    """A device that refuses every rate but its own, as some hardware does."""

    def open(self, device, rate, channels, callback, blocksize):
        if rate != 48000:
            raise AudioUnavailable(f"the output device cannot be opened (invalid rate {rate})")
        return super().open(device, rate, channels, callback, blocksize)


def test_a_device_that_refuses_the_tracks_rate_plays_at_its_own(qtbot, make_window, tone_file):
    speakers = Only48k()
    window = make_window(speakers=speakers)
    window.open_files([tone_file])  # 16 kHz
    wait_for_tracks(qtbot, window, 1)
    qtbot.waitUntil(lambda: window.transport.available, timeout=10000)
    window.transport.play_pause()
    assert window.transport.playing and window.transport.player.rate == 48000
    sound = heard(qtbot, window, speakers, 0.1)
    track = window.document.project.tracks[0]
    np.testing.assert_allclose(sound[::3, 0][:1000], track.render(0, 1000)[0], atol=1e-6)
    window.transport.stop()
