"""Recording through sounddevice into a file that grows as the take is recorded.

The stream callback only copies each block into a queue; :meth:`Take.drain`, called from a
timer on the app's thread, writes the queued blocks and flushes the WAV header, so a killed
app leaves a playable take of everything drained so far. sounddevice is imported lazily (see
:mod:`studio.audio.playback`): with no PortAudio or no input device, recording is unavailable
with the reason.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import soundfile as sf

from studio.api.clip import AudioClip

from .errors import AudioFileError
from .playback import AudioUnavailable, Device, FakeStream, Stream, list_devices, open_stream

TAKE_SUBTYPE = "PCM_24"  # what every editor opens, with headroom to spare over 16 bits

# Receives each recorded block, [frames, channels] float32 (only valid during the call).
InputCallback = Callable[[np.ndarray], None]


class RecorderBackend(Protocol):
    def devices(self) -> list[Device]: ...

    def open(
        self, device: int | None, rate: int, channels: int, callback: InputCallback, blocksize: int
    ) -> Stream: ...


class SoundDeviceRecorder:
    """The real microphone through PortAudio."""

    def devices(self) -> list[Device]:
        return list_devices("input")

    def open(self, device, rate, channels, callback, blocksize) -> Stream:
        def on_block(indata, frames, time, status):  # PortAudio's real-time thread
            callback(indata)

        return open_stream("input", device, rate, channels, blocksize, on_block)


@dataclass
class FakeRecorder:
    """A microphone for tests that "hears" ``clip``: :meth:`pump` delivers its next frames."""

    clip: AudioClip
    device_list: Sequence[Device] = (Device(0, "Fake microphone", 1, 48000, True),)
    streams: list[FakeStream] = field(default_factory=list)
    _at: int = 0

    def devices(self) -> list[Device]:
        if not self.device_list:
            raise AudioUnavailable("no audio input device was found on this computer")
        return list(self.device_list)

    def open(self, device, rate, channels, callback, blocksize) -> FakeStream:
        stream = FakeStream(callback, channels, rate)  # started and stopped like an output
        self.streams.append(stream)
        return stream

    def pump(self, frames: int, blocksize: int = 512) -> None:
        """Deliver ``frames`` more frames of the clip to every started stream, block by block."""
        samples = self.clip.samples.T
        end = min(self._at + frames, len(samples))
        for first in range(self._at, end, blocksize):
            block = np.ascontiguousarray(samples[first : min(first + blocksize, end)])
            for stream in self.streams:
                if stream.started:
                    wanted = block[:, :1] if stream.channels == 1 else block
                    stream.callback(np.array(wanted, np.float32))
        self._at = end


class Take:
    """One recording into ``path`` (a new WAV file; an existing file is never overwritten)."""

    def __init__(
        self,
        backend: RecorderBackend,
        path: Path,
        device: Device,
        channels: int = 1,
        blocksize: int = 1024,
    ) -> None:
        self.backend = backend
        self.path = Path(path)
        self.device = device
        self.rate = device.rate
        self.channels = max(1, min(channels, device.channels))
        self.blocksize = blocksize
        self.frames = 0
        self._blocks: queue.SimpleQueue[np.ndarray] = queue.SimpleQueue()
        self._file: sf.SoundFile | None = None
        self._stream: Stream | None = None

    @property
    def elapsed(self) -> float:
        """Seconds of audio written so far."""
        return self.frames / self.rate

    @property
    def recording(self) -> bool:
        return self._stream is not None

    def start(self) -> None:
        """Create the file and start the stream; AudioUnavailable or AudioFileError on failure."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._file = sf.SoundFile(
                self.path, "x", self.rate, self.channels, TAKE_SUBTYPE, format="WAV"
            )
        except (OSError, sf.SoundFileError) as error:
            raise AudioFileError(self.path, f"cannot create the recording ({error})") from None
        try:
            self._stream = self.backend.open(
                self.device.index, self.rate, self.channels, self._on_block, self.blocksize
            )
            self._stream.start()
        except BaseException:
            self._file.close()
            self.path.unlink(missing_ok=True)
            self._file = self._stream = None
            raise

    def _on_block(self, block: np.ndarray) -> None:
        self._blocks.put(block.copy())  # the only work done on the audio thread

    def drain(self) -> float:
        """Write every queued block to disk now; returns their peak level (0..1, for a meter)."""
        peak = 0.0
        if self._file is None:
            return peak
        wrote = False
        while True:
            try:
                block = self._blocks.get_nowait()
            except queue.Empty:
                break
            self._file.write(block)
            self.frames += len(block)
            peak = max(peak, float(np.abs(block).max(initial=0.0)))
            wrote = True
        if wrote:
            self._file.flush()  # libsndfile rewrites the header: the file is playable as it is
        return peak

    def stop(self) -> Path:
        """Stop the stream, write what is left and close the file."""
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.stop()
            stream.close()
        self.drain()
        if self._file is not None:
            self._file.close()
            self._file = None
        return self.path
