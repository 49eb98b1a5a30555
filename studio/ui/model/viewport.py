"""Which stretch of time the waveform lanes show: a left edge and a zoom (seconds per pixel)."""

from __future__ import annotations

from dataclasses import dataclass

MAX_PIXELS_PER_SAMPLE = 32  # at 48 kHz: about 0.7 microseconds per pixel
EMPTY_SPAN = 10.0  # seconds shown before there is any audio
NICE_STEPS = (1, 2, 5)


@dataclass
class Viewport:
    width: int = 800  # pixels of the lanes
    duration: float = 0.0  # the longest track, seconds
    rate: int = 48000  # the highest track rate: bounds how far one can zoom in
    seconds_per_pixel: float = 0.01
    start: float = 0.0

    @property
    def visible(self) -> float:
        return self.width * self.seconds_per_pixel

    @property
    def end(self) -> float:
        return self.start + self.visible

    def x_of(self, seconds: float) -> float:
        return (seconds - self.start) / self.seconds_per_pixel

    def seconds_at(self, x: float) -> float:
        return self.start + x * self.seconds_per_pixel

    def fit(self) -> None:
        """Show every track from start to end."""
        span = self.duration if self.duration > 0 else EMPTY_SPAN
        self.seconds_per_pixel = self._clamp_zoom(span / max(self.width, 1))
        self.start = 0.0

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom in (``factor`` > 1) or out, keeping the time under ``anchor_x`` in place."""
        anchor_x = self.width / 2 if anchor_x is None else anchor_x
        anchor = self.seconds_at(anchor_x)
        self.seconds_per_pixel = self._clamp_zoom(self.seconds_per_pixel / factor)
        self.scroll_to(anchor - anchor_x * self.seconds_per_pixel)

    def show(self, start: float, end: float) -> None:
        """Zoom so that ``[start, end)`` fills the lanes."""
        if end <= start:
            return
        self.seconds_per_pixel = self._clamp_zoom((end - start) / max(self.width, 1))
        self.scroll_to(start)

    def scroll_to(self, start: float) -> None:
        slack = max(self.duration - self.visible, 0.0)
        self.start = min(max(start, 0.0), slack)

    def resize(self, width: int) -> None:
        self.width = max(width, 1)
        self.scroll_to(self.start)

    def _clamp_zoom(self, seconds_per_pixel: float) -> float:
        closest = 1.0 / (self.rate * MAX_PIXELS_PER_SAMPLE)
        farthest = max(self.duration, EMPTY_SPAN) / max(self.width, 1) * 2
        return min(max(seconds_per_pixel, closest), farthest)


def tick_step(seconds_per_pixel: float, min_pixels: float = 80) -> float:
    """A 1-2-5 step in seconds whose ticks are at least ``min_pixels`` apart."""
    target = seconds_per_pixel * min_pixels
    scale = 1e-6
    while True:
        for step in NICE_STEPS:
            if step * scale >= target:
                return step * scale
        scale *= 10


def format_time(seconds: float, step: float) -> str:
    """``m:ss.fff`` with as many decimals as the tick step needs."""
    decimals = 0
    while step < 1 and decimals < 6:
        step *= 10
        decimals += 1
    minutes, rest = divmod(seconds, 60)
    width = 3 + decimals if decimals else 2
    return f"{int(minutes)}:{rest:0{width}.{decimals}f}"
