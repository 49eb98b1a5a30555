"""Playback: Space plays or pauses the mix (the selection, or from the playhead), Stop returns
to where playback started, Loop repeats the selection. A timer moves the playhead and feeds
the meters. With no output device, playback says why and everything else still works."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from studio.audio.playback import AudioUnavailable, Device, PlaybackBackend, Player

from .document import Document
from .model.mixdown import render_block
from .model.project import Project
from .model.source import Source
from .model.track import Track
from .qt_compat import Signal
from .timeline import Timeline
from .workers import Failure, Jobs, describe, find_devices

TICK_MS = 33
CHANNELS = 2


class Transport(QObject):
    stateChanged = Signal()  # playing, stopped, availability
    levels = Signal(object)  # {track id or MASTER: peak of the block being heard}
    failed = Signal(object)  # Failure

    def __init__(
        self,
        document: Document,
        timeline: Timeline,
        backend: PlaybackBackend,
        jobs: Jobs,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.timeline = timeline
        self.backend = backend
        self.loop = False
        self.device: Device | None = None
        self.devices: list[Device] = []
        self.preferred = ""  # the output device named in the preferences ("" = the default)
        self.unavailable: str | None = "looking for an audio output device…"
        self.player: Player | None = None
        self._started_at = 0.0  # where Stop returns the playhead
        self._moves_playhead = True
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        # Finding devices loads PortAudio (a few hundred ms): not on the GUI thread.
        find_devices(jobs, backend, self._found, self._not_found)

    @property
    def available(self) -> bool:
        return self.unavailable is None

    @property
    def playing(self) -> bool:
        return self.player is not None and self.player.playing

    def _found(self, devices: list[Device]) -> None:
        self.devices = devices
        self.unavailable = None
        self.use_device(self.preferred)

    def use_device(self, name: str) -> None:
        """Play through the device called ``name`` (the system default when absent or "")."""
        self.preferred = name
        if self.devices and not self.playing:
            default = next((d for d in self.devices if d.default), self.devices[0])
            self.device = next((d for d in self.devices if d.name == name), default)
        self.stateChanged.emit()

    def _not_found(self, failure: Failure) -> None:
        self.unavailable = f"Playback is off: {failure.message}"
        self.stateChanged.emit()

    # -- controls ------------------------------------------------------------------------------

    def play_pause(self) -> None:
        if self.playing:
            self.pause()
            return
        project = self.document.project
        selection = self.document.selection
        playhead = self.timeline.playhead
        if selection.is_range:
            start, end = selection.start, selection.end
        else:
            start, end = (playhead if playhead < project.duration else 0.0), project.duration
        if not self.loop and start <= playhead < end:
            start = playhead  # resume where it was paused
        self._started_at = start
        # The feeder renders whatever the project is by then: mixer moves are heard at once.
        self._play(lambda: self.document.project, start, end, loop=self.loop)

    def play_source(self, source: Source) -> None:
        """Play audio that is not part of the project (a generated output)."""
        self.stop()
        self._started_at = self.timeline.playhead
        project = Project((Track.from_source(0, "output", source),))
        self._play(lambda: project, 0.0, source.clip.duration, loop=False, moves_playhead=False)

    def pause(self) -> None:
        if self.player is not None:
            self.player.stop()
        self._timer.stop()
        self.levels.emit({})
        self.stateChanged.emit()

    def stop(self) -> None:
        was_playing = self.player is not None
        self.pause()
        if was_playing:
            self.timeline.set_playhead(self._started_at)

    def set_loop(self, loop: bool) -> None:
        self.loop = loop

    def _play(
        self,
        project: Callable[[], Project],
        start: float,
        end: float,
        loop: bool,
        moves_playhead: bool = True,
    ) -> None:
        if not self.available:
            self.failed.emit(Failure(self.unavailable or "", self.unavailable or "", True))
            return
        if end <= start:
            return
        self.stop()
        self._moves_playhead = moves_playhead
        # Play at the tracks' own rate; a device that refuses it gets its default rate instead.
        wanted = max((t.rate for t in project().tracks), default=self.device.rate)
        for rate in dict.fromkeys((wanted, self.device.rate)):
            player = Player(
                self.backend,
                lambda first, frames, rate=rate: render_block(
                    project(), first, frames, rate, CHANNELS
                ),
                rate,
                CHANNELS,
                device=self.device.index,
            )
            try:
                player.play(round(start * rate), round(end * rate), loop=loop)
            except AudioUnavailable as error:
                failure = describe(error)
                continue
            self.player = player
            self._timer.start()
            self.stateChanged.emit()
            return
        self.failed.emit(failure)

    def _tick(self) -> None:
        player = self.player
        if player is None:
            return
        if self._moves_playhead:
            self.timeline.set_playhead(player.position / player.rate)
        self.levels.emit(dict(player.levels))
        if not player.playing:
            self.pause()
