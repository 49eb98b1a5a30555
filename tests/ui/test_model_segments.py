"""The editor's non-destructive model (plain Python): edits on segments sound exactly like the
audio core's destructive edits, rearrange without copying, and draw from the peak pyramid."""

from __future__ import annotations

import numpy as np
import pytest

from studio.api.errors import InputError
from studio.audio import AudioClip, PeakPyramid
from studio.audio import edits as audio_edits
from studio.ui.model import edits
from studio.ui.model import segments as seg
from studio.ui.model.source import Source
from studio.ui.model.track import Track

RATE = 1000


def make_track(frames: int = 4000, channels: int = 1, seed: int = 0, track_id: int = 1) -> Track:
    rng = np.random.default_rng(seed)
    clip = AudioClip(rng.uniform(-0.5, 0.5, (channels, frames)), RATE, "noise")
    return Track.from_source(track_id, "noise", Source.from_clip(clip))


def samples(track: Track) -> np.ndarray:
    return track.render(0, track.frames)


def test_fades_gain_and_normalise_match_the_audio_core():
    track = make_track()
    clip = AudioClip(samples(track), RATE)
    first, end = 1000, 2500
    region = AudioClip(clip.samples[:, first:end], RATE)
    cases = [
        (edits.fade_in(track, first, end), audio_edits.fade_in(region, 1.5)),
        (
            edits.fade_out(track, first, end, "s_curve"),
            audio_edits.fade_out(region, 1.5, "s_curve"),
        ),
        (edits.gain(track, first, end, -6.0), audio_edits.gain_db(region, -6.0)),
        (edits.normalise(track, first, end, -1.0), audio_edits.normalise(region, -1.0)),
    ]
    for edited, expected in cases:
        got = samples(edited)
        np.testing.assert_allclose(got[:, first:end], expected.samples, atol=1e-6)
        np.testing.assert_array_equal(got[:, :first], clip.samples[:, :first])
        np.testing.assert_array_equal(got[:, end:], clip.samples[:, end:])


def test_edits_leave_the_original_track_and_source_untouched():
    track = make_track()
    before = samples(track).copy()
    edits.gain(edits.delete(track, 100, 200), 0, 50, 12.0)
    np.testing.assert_array_equal(samples(track), before)


def test_a_fade_split_by_a_later_cut_keeps_its_curve():
    track = make_track()
    faded = edits.fade_in(track, 0, 2000, "equal_power")
    cut = edits.delete(faded, 500, 700)
    expected = np.delete(samples(faded), np.s_[500:700], axis=1)
    np.testing.assert_allclose(samples(cut), expected, atol=1e-7)


def test_trim_keeps_only_the_selection_and_refuses_an_empty_one():
    track = make_track()
    trimmed = edits.trim(track, 1000, 3000)
    np.testing.assert_array_equal(samples(trimmed), samples(track)[:, 1000:3000])
    with pytest.raises(InputError, match="noise"):
        edits.trim(track, 100, 100)


def test_cut_and_paste_between_tracks_moves_the_audio():
    a, b = make_track(seed=1), make_track(seed=2, track_id=2)
    snippet = edits.copy(a, 0, 500)
    a = edits.delete(a, 0, 500)
    b = edits.paste(b, 100, 100, snippet)
    assert a.frames == 3500 and b.frames == 4500
    np.testing.assert_array_equal(samples(b)[:, 100:600], samples(make_track(seed=1))[:, :500])
    replaced = edits.paste(b, 0, 4500, snippet)  # paste over a selection replaces it
    assert replaced.frames == 500


def test_a_mono_snippet_pasted_into_a_stereo_track_fills_both_channels():
    stereo = make_track(channels=2, seed=3)
    mono = make_track(seed=4, track_id=2)
    pasted = edits.paste(stereo, 0, 0, edits.copy(mono, 0, 10))
    np.testing.assert_array_equal(samples(pasted)[0, :10], samples(pasted)[1, :10])


def test_peaks_follow_the_edits():
    track = make_track(frames=256 * 64)
    quiet = edits.gain(track, 0, track.frames // 2, -20.0)
    mins, maxs = seg.peaks(quiet.segments, 0, 0, quiet.frames, 64)
    reference = PeakPyramid.build(AudioClip(samples(quiet), RATE)).range(0, 0, quiet.frames, 64)
    np.testing.assert_allclose(mins, reference[0], rtol=1e-5)
    np.testing.assert_allclose(maxs, reference[1], rtol=1e-5)
    assert np.abs(maxs[:32]).max() < 0.06 < np.abs(maxs[32:]).max()


def test_peaks_past_the_end_are_blank():
    track = make_track(frames=1000)
    _, maxs = seg.peaks(track.segments, 0, 0, 2000, 20)
    assert not np.isnan(maxs[:10]).any() and np.isnan(maxs[10:]).all()


def test_zero_crossing_snapping_finds_the_nearest_sign_change():
    t = np.arange(RATE) / RATE
    clip = AudioClip(np.sin(2 * np.pi * 10 * t), RATE)  # crossings every 50 frames
    track = Track.from_source(1, "sine", Source.from_clip(clip))
    assert seg.nearest_zero_crossing(track.segments, 140, 20, 1) in (150, 151)
