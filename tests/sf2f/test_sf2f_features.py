"""The audio front-end: the paper's windows (spec check 6) and clear errors for bad clips."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from studio.api import AudioClip, InputError
from studio.audio.synth import speech_like
from studio_sf2f.features import (
    FeatureConfig,
    LogMel,
    mono_waveform,
    segment_bounds,
    segment_features,
)
from studio_sf2f.training.data import frames_for, window_starts
from studio_sf2f.training.stages import segments_for

RATE = 16000


@pytest.mark.parametrize("seconds, count", [(5, 7), (6, 8), (10, 15), (25, 39)])
def test_windows_of_1_25_s_at_half_overlap_without_padding(seconds, count):
    bounds = segment_bounds(seconds * RATE, RATE, 1.25, 0.5)
    assert len(bounds) == count == segments_for(seconds)
    assert all(b.end - b.start == 20000 for b in bounds)
    assert all(b.start == k * 10000 for k, b in enumerate(bounds))  # half of each window again
    assert bounds[-1].end <= seconds * RATE


def test_a_clip_shorter_than_a_window_is_one_segment():
    assert segment_bounds(12000, RATE, 1.25, 0.5) == [segment_bounds(12000, RATE, 5, 0.5)[0]]
    assert segment_bounds(12000, RATE, 1.25, 0.5)[0].end == 12000


def test_a_window_is_exactly_a_slice_of_the_whole_clips_frames():
    config = FeatureConfig()
    waveform = speech_like(3.0, RATE, seed=1).samples[0]
    whole = LogMel(config)(torch.from_numpy(waveform)[None])[0]
    start = 160 * 37  # a window starting on a frame boundary
    window = LogMel(config)(torch.from_numpy(waveform[start : start + 20000])[None])[0]
    assert window.shape == (40, frames_for(1.25, config)) == (40, 122)
    assert torch.allclose(window, whole[:, 37 : 37 + 122], atol=1e-4)


def test_segment_features_shapes_and_training_window_starts_agree():
    waveform = speech_like(6.0, RATE, seed=2).samples[0]
    mels, bounds = segment_features(waveform, FeatureConfig(), 1.25, 0.5)
    assert mels.shape == (8, 40, 122) and len(bounds) == 8
    starts = window_starts(8, 122)
    assert starts[1] == 61 and starts[2] == 122  # a half window on either side


def test_any_rate_and_channel_count_is_resampled_to_16k_mono():
    clip = speech_like(2.0, RATE, seed=3)
    from studio.audio.resample import resample

    stereo = resample(clip, 44100)
    stereo = AudioClip(np.repeat(stereo.samples, 2, axis=0), 44100)
    waveform = mono_waveform(stereo, FeatureConfig())
    assert waveform.dtype == np.float32 and abs(waveform.size - 32000) <= 2


def test_silent_and_too_short_clips_are_refused_with_the_file_named():
    silent = AudioClip(np.zeros((1, RATE * 2), np.float32), RATE, source="quiet.wav")
    with pytest.raises(InputError, match="quiet.wav.*silent"):
        mono_waveform(silent, FeatureConfig())
    short = AudioClip(np.full((1, 1600), 0.1, np.float32), RATE, source="blip.wav")
    with pytest.raises(InputError, match="blip.wav.*too short"):
        mono_waveform(short, FeatureConfig())
