"""Playing audio through sounddevice, behind a small backend interface with a fake for tests.

sounddevice is imported only when a backend is first used: without PortAudio (``OSError`` at
import) or without a device (``PortAudioError``) playback is reported unavailable with the
reason, and the rest of the app carries on. :class:`Player` renders blocks on a feeder thread
and hands them to the stream callback through a queue, so the callback never renders, blocks
or touches files (real-time audio threads must not).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Protocol

import numpy as np

from studio.api.errors import StudioError


class AudioUnavailable(StudioError):
    """No sound card can be used; the message says why (missing PortAudio, no device...)."""


def load_sounddevice() -> ModuleType:
    """The sounddevice module, or AudioUnavailable when the PortAudio library is missing."""
    try:
        import sounddevice
    except OSError as error:
        raise AudioUnavailable(
            f"the PortAudio library is missing (install the libportaudio2 package): {error}"
        ) from None
    return sounddevice


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    channels: int  # the most this device offers in the direction asked for
    rate: int  # its default sample rate: opening at any other rate can fail
    default: bool = False


def list_devices(kind: str) -> list[Device]:
    """Input (``kind="input"``) or output devices, or AudioUnavailable saying why there are none."""
    sd = load_sounddevice()
    try:
        found = sd.query_devices()
        default = sd.default.device[0 if kind == "input" else 1]
    except sd.PortAudioError as error:
        raise AudioUnavailable(f"no audio devices can be listed ({error})") from None
    key = "max_input_channels" if kind == "input" else "max_output_channels"
    devices = [
        Device(
            index,
            str(info["name"]),
            int(info[key]),
            round(info["default_samplerate"]),
            index == default,
        )
        for index, info in enumerate(found)
        if info[key] > 0
    ]
    if not devices:
        raise AudioUnavailable(f"no audio {kind} device was found on this computer")
    return devices


class Stream(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


# Fills ``out`` ([frames, channels] float32) and returns False once the sound has ended.
OutputCallback = Callable[[np.ndarray], bool]


class PlaybackBackend(Protocol):
    def devices(self) -> list[Device]: ...

    def open(
        self,
        device: int | None,
        rate: int,
        channels: int,
        callback: OutputCallback,
        blocksize: int,
    ) -> Stream: ...


def open_stream(kind: str, device, rate: int, channels: int, blocksize: int, callback) -> Stream:
    """A float32 PortAudio stream (``kind`` "input" or "output"), or AudioUnavailable."""
    sd = load_sounddevice()
    make = sd.InputStream if kind == "input" else sd.OutputStream
    try:
        return make(
            samplerate=rate,
            channels=channels,
            device=device,
            blocksize=blocksize,
            dtype="float32",
            callback=callback,
        )
    except (sd.PortAudioError, ValueError) as error:
        raise AudioUnavailable(f"the {kind} device cannot be opened ({error})") from None


class SoundDevicePlayback:
    """The real sound card through PortAudio."""

    def devices(self) -> list[Device]:
        return list_devices("output")

    def open(self, device, rate, channels, callback, blocksize) -> Stream:
        sd = load_sounddevice()

        def on_block(outdata, frames, time, status):  # PortAudio's real-time thread
            if not callback(outdata):
                raise sd.CallbackStop

        return open_stream("output", device, rate, channels, blocksize, on_block)


@dataclass
class FakeStream:
    """A stream for tests: it only moves when a test calls :meth:`pump` (or, for input, when
    :class:`studio.audio.recorder.FakeRecorder` delivers frames)."""

    callback: Callable[[np.ndarray], Any]
    channels: int
    rate: int
    started: bool = False
    closed: bool = False
    ended: bool = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.started = False

    def close(self) -> None:
        self.started = False
        self.closed = True

    def pump(self, frames: int) -> np.ndarray:
        """Pull ``frames`` through the callback, as the sound card would; returns what it got."""
        out = np.zeros((frames, self.channels), np.float32)
        if self.started and not self.ended and self.callback(out) is False:
            self.ended = True
        return out


@dataclass
class FakePlayback:
    """Speakers for tests: every stream opened is kept in ``streams``; nothing is audible."""

    device_list: Sequence[Device] = (Device(0, "Fake speakers", 2, 48000, True),)
    streams: list[FakeStream] = field(default_factory=list)

    def devices(self) -> list[Device]:
        if not self.device_list:
            raise AudioUnavailable("no audio output device was found on this computer")
        return list(self.device_list)

    def open(self, device, rate, channels, callback, blocksize) -> FakeStream:
        stream = FakeStream(callback, channels, rate)
        self.streams.append(stream)
        return stream


# ``render(first_frame, frames)`` -> (samples [channels, frames], levels for the meters).
Render = Callable[[int, int], tuple[np.ndarray, dict]]
_END = None  # queued after the last block


class Player:
    """Plays ``render``'s blocks from ``start`` to ``end`` (looping if asked) on one stream."""

    def __init__(
        self,
        backend: PlaybackBackend,
        render: Render,
        rate: int,
        channels: int,
        device: int | None = None,
        blocksize: int = 1024,
        queued_blocks: int = 6,  # ~130 ms at 48 kHz: mixer changes are heard that soon
    ) -> None:
        self.backend = backend
        self.render = render
        self.rate = rate
        self.channels = channels
        self.device = device
        self.blocksize = blocksize
        self._queued_blocks = queued_blocks
        self._stream: Stream | None = None
        self._feeder: threading.Thread | None = None
        self._stopping = threading.Event()
        self._queue: queue.Queue = queue.Queue()
        self._pending: tuple[tuple, int] | None = None
        self._next = self._start = self._end = 0
        self._loop = False
        self.position = 0  # the frame being heard (as far as the callback knows)
        self.levels: dict = {}  # the levels of the block being heard
        self.ended = True

    @property
    def playing(self) -> bool:
        return self._stream is not None and not self.ended

    @property
    def buffered(self) -> int:
        """Blocks rendered and waiting for the device."""
        return self._queue.qsize()

    @property
    def rendering(self) -> bool:
        """The feeder thread is still rendering blocks ahead of the device."""
        return self._feeder is not None and self._feeder.is_alive()

    def play(self, start: int, end: int, loop: bool = False) -> None:
        """Start playing ``[start, end)``; AudioUnavailable if the device cannot be opened."""
        self.stop()
        if end <= start:
            return
        self._start, self._end, self._loop = start, end, loop
        self._next = self.position = start
        self._queue = queue.Queue(self._queued_blocks)
        self._pending = None
        self._stopping = threading.Event()
        self.ended = False
        self._queue.put(self._next_block())  # ready before the device first asks
        stream = self.backend.open(
            self.device, self.rate, self.channels, self._fill, self.blocksize
        )
        self._feeder = threading.Thread(target=self._feed, name="playback-feeder", daemon=True)
        self._feeder.start()
        self._stream = stream
        stream.start()

    def stop(self) -> None:
        self._stopping.set()
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.stop()
            stream.close()
        if self._feeder is not None:
            self._feeder.join()
            self._feeder = None
        self.ended = True
        self.levels = {}

    def _next_block(self) -> tuple | None:
        if self._next >= self._end:
            if not self._loop:
                return _END
            self._next = self._start
        frames = min(self.blocksize, self._end - self._next)
        samples, levels = self.render(self._next, frames)
        block = (self._next, np.ascontiguousarray(samples.T, np.float32), levels)
        self._next += frames
        return block

    def _feed(self) -> None:
        while not self._stopping.is_set():
            block = self._next_block()
            while not self._stopping.is_set():
                try:
                    self._queue.put(block, timeout=0.05)
                    break
                except queue.Full:
                    continue
            if block is _END:
                return

    def _fill(self, out: np.ndarray) -> bool:
        """The stream callback: copy queued blocks into ``out``; silence on an underrun."""
        out.fill(0)
        filled = 0
        while filled < len(out):
            if self._pending is None:
                try:
                    self._pending = (self._queue.get_nowait(), 0)
                except queue.Empty:
                    return True
            block, used = self._pending
            if block is _END:
                self.ended = True
                return False
            first, samples, levels = block
            count = min(len(out) - filled, len(samples) - used)
            out[filled : filled + count] = samples[used : used + count, : out.shape[1]]
            used += count
            filled += count
            self.position, self.levels = first + used, levels
            self._pending = (block, used) if used < len(samples) else None
        return True
