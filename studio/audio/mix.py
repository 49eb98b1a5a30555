"""Summing several clips into one.

Clips are brought to one rate (the first clip's, or ``rate=``), padded with silence to the longest,
and given the largest channel count: a mono clip is copied to every channel, but other mismatches
(stereo with 4-channel, say) raise InputError rather than guess a down-mix. The sum is not limited;
``edits.normalise`` the result if it may exceed full scale.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from studio.api.clip import AudioClip
from studio.api.errors import InputError

from .edits import db_to_gain, pad_to
from .resample import resample


def mix(
    clips: Sequence[AudioClip],
    volumes_db: Sequence[float] | None = None,
    rate: int | None = None,
) -> AudioClip:
    if not clips:
        raise ValueError("mix needs at least one clip")
    volumes_db = [0.0] * len(clips) if volumes_db is None else list(volumes_db)
    if len(volumes_db) != len(clips):
        raise ValueError(f"{len(clips)} clips but {len(volumes_db)} volumes")
    rate = rate or clips[0].rate
    channels = max(clip.channels for clip in clips)
    for clip in clips:
        if clip.channels not in (1, channels):
            raise InputError(
                clip.label,
                f"has {clip.channels} channels and cannot be mixed with {channels}-channel audio",
            )
    clips = [resample(clip, rate) for clip in clips]
    frames = max(clip.frames for clip in clips)
    out = np.zeros((channels, frames), dtype=np.float32)
    for clip, db in zip(clips, volumes_db):
        # Broadcasting spreads a mono clip over every channel.
        out += pad_to(clip, frames).samples * np.float32(db_to_gain(db))
    return AudioClip(out, rate)
