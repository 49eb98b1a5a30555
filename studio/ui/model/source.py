"""Decoded audio that tracks point into, with its peak pyramid; never modified once made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.api import Progress
from studio.audio import AudioClip, AudioFileError, PeakPyramid
from studio.audio.io import AudioInfo, open_audio, refuse_non_finite

CHUNK_FRAMES = 1 << 20  # about 20 s at 48 kHz between progress reports
PCM16_SCALE = np.float32(1 / 32768)  # libsndfile's own int16 -> float factor


@dataclass(frozen=True, eq=False)
class Source:
    clip: AudioClip
    pyramid: PeakPyramid

    @classmethod
    def from_clip(cls, clip: AudioClip) -> Source:
        return cls(clip, PeakPyramid.build(clip))

    @property
    def rate(self) -> int:
        return self.clip.rate

    @property
    def channels(self) -> int:
        return self.clip.channels

    @property
    def frames(self) -> int:
        return self.clip.frames


def load_source(
    path: Path, progress: Progress, preview: Callable[[Source, int], None] | None = None
) -> Source:
    """Read ``path`` and summarise it for drawing (slow for long files: call it in a worker).

    ``preview(partial, total_frames)`` is called now and then with what has been read so far,
    so the waveform can be shown filling in while an hour-long file loads.
    """

    def partial(clip: AudioClip, total: int) -> None:
        if preview is not None:
            preview(Source.from_clip(clip), total)

    clip = read_clip(Path(path), progress.span(0.0, 0.9), partial)
    progress.update(0.9, f"summarising {Path(path).name}")
    return Source.from_clip(clip)


def read_clip(
    path: Path, progress: Progress, partial: Callable[[AudioClip, int], None] | None = None
) -> AudioClip:
    """What :func:`studio.audio.read_audio` returns, read a chunk at a time so a long file
    reports progress and can be cancelled. 16-bit files are read as integers and scaled by
    numpy, several times faster than libsndfile's float conversion, to the same values.

    ``partial(clip_so_far, total_frames)`` sees the audio read so far after the first chunk
    and each time the amount read has doubled (so the summaries it may build cost no more,
    all together, than one of the whole file).
    """
    done = 0
    shown = 0
    with open_audio(path) as f:  # the checks read_audio makes, with the same messages
        info = AudioInfo(f.samplerate, f.channels, f.frames, f.format, f.subtype)
        integer = info.subtype == "PCM_16"
        samples = np.empty((info.channels, info.frames), np.float32)
        buffer = np.empty((CHUNK_FRAMES, info.channels), np.int16 if integer else np.float32)
        while True:
            block = f.read(out=buffer).T
            if block.shape[1] == 0:
                break
            if not integer:
                refuse_non_finite(path, block)
            if done + block.shape[1] > samples.shape[1]:  # an MP3 longer than its header says
                samples = np.concatenate(
                    [samples, np.empty_like(samples[:, : block.shape[1]])], axis=1
                )
            target = samples[:, done : done + block.shape[1]]
            if integer:
                np.multiply(block, PCM16_SCALE, out=target)
            else:
                target[...] = block
            done += block.shape[1]
            progress.update(done / max(info.frames, 1), f"reading {path.name}")
            if partial is not None and done >= 2 * shown and done < info.frames:
                partial(AudioClip(samples[:, :done], info.rate, str(path)), info.frames)
                shown = done
    # MP3 headers only estimate the length, so a shortfall there is not evidence of damage.
    if info.format != "MP3" and done < info.frames:
        raise AudioFileError(
            path, f"file is truncated: {done} of {info.frames} frames could be decoded"
        )
    if done == 0:
        raise AudioFileError(path, "contains no audio (0 frames)")
    return AudioClip(samples[:, :done], info.rate, str(path))
