"""Rendering the mix: the generator's audio input (the selection) and playback blocks.

Both use :meth:`Project.gain`, so what you hear is what the generator gets.
"""

from __future__ import annotations

import math

import numpy as np

from studio.api import AudioClip
from studio.api.errors import InputError
from studio.audio.mix import mix

from .project import Project, Selection
from .track import Track

MASTER = "master"  # the key of the master level among a block's meter levels


def selected_tracks(project: Project, selection: Selection) -> list[Track]:
    """Audible tracks of the selection (every audible track when none is selected)."""
    chosen = [t for t in project.tracks if not selection.tracks or t.id in selection.tracks]
    return [t for t in chosen if project.gain(t) > 0.0]


def mix_selection(project: Project, selection: Selection) -> AudioClip:
    """The selected time of the audible selected tracks, mixed at the mixer's volumes.

    Tracks at other rates are resampled to the highest rate (torch: call this in a worker).
    """
    tracks = selected_tracks(project, selection)
    if not tracks:
        raise InputError("the selection", "no track to use: add audio, or unmute a track")
    start = selection.start if selection.is_range else 0.0
    end = selection.end if selection.is_range else project.duration
    clips = []
    for track in tracks:
        first, last = track.frame_at(start), track.frame_at(end)
        clips.append(AudioClip(track.render(first, max(last, first + 1)), track.rate, track.name))
    volumes = [20.0 * math.log10(project.gain(track)) for track in tracks]
    rate = max(track.rate for track in tracks)
    names = ", ".join(track.name for track in tracks)
    label = f"{names} ({start:.2f}-{end:.2f} s)"
    if end - start <= 0 or all(clip.frames <= 1 for clip in clips):
        raise InputError(label, "the selection holds no audio")
    mixed = mix(clips, volumes, rate=rate)
    return AudioClip(mixed.samples, mixed.rate, label)


def render_block(
    project: Project, first: int, frames: int, rate: int, channels: int
) -> tuple[np.ndarray, dict]:
    """``frames`` frames of the whole mix from ``first`` (at ``rate``), and the meter levels.

    Tracks at another rate are read by linear interpolation: good enough to listen to, and
    cheap enough for the playback thread (the generator input is resampled properly).
    """
    out = np.zeros((channels, frames), np.float32)
    levels: dict = {}
    for track in project.tracks:
        gain = project.gain(track)
        if gain == 0.0:
            levels[track.id] = 0.0
            continue
        block = _track_block(track, first, frames, rate)
        if block.shape[0] != channels:
            block = np.broadcast_to(block.mean(axis=0, keepdims=True), (channels, frames))
        block = block * np.float32(gain)
        levels[track.id] = float(np.abs(block).max(initial=0.0))
        out += block
    levels[MASTER] = float(np.abs(out).max(initial=0.0))
    return out, levels


def _track_block(track: Track, first: int, frames: int, rate: int) -> np.ndarray:
    if track.rate == rate:
        return track.render(first, first + frames)
    times = (first + np.arange(frames)) * (track.rate / rate)
    lo = int(times[0])
    samples = track.render(lo, int(times[-1]) + 2)
    positions = np.arange(samples.shape[1])
    return np.stack([np.interp(times - lo, positions, row) for row in samples]).astype(np.float32)
