"""Running slow work (file loading, peaks, model loading, generation) off the GUI thread.

A :class:`Job` runs ``work(progress)`` on a worker thread and reports back through Qt
signals, which Qt delivers on the GUI thread. Cancelling is cooperative: the job's
``progress.update``/``check`` raise :class:`Cancelled` once :meth:`Job.cancel` was called.

The workers are Python threads (a ThreadPoolExecutor), not QThreadPool ones: PySide gives a
QThreadPool thread a new Python thread state for every job and drops it afterwards, while
torch (pybind11) caches the thread state per OS thread, so a later job on the same thread
used a freed one and crashed. Python threads keep one thread state for their whole life.
"""

from __future__ import annotations

import concurrent.futures
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, SignalInstance

from studio.api import CancelToken, Progress
from studio.api.errors import Cancelled, StudioError

from .qt_compat import Signal

THREADS = 4  # a generation, a decode and file loads can all run at once
Slot = Callable[..., Any] | SignalInstance


@dataclass(frozen=True)
class Failure:
    """What went wrong: one line for the status area and the detail one click away."""

    message: str
    detail: str
    expected: bool  # a problem the user can fix (bad file, missing weights), not a bug
    error: BaseException | None = None


def describe(error: BaseException) -> Failure:
    detail = "".join(traceback.format_exception(error))
    if isinstance(error, StudioError):
        # A plugin's crash arrives as a PluginError caused by its exception: keep the traceback
        # one click away. Problems with the user's input need no more than their message.
        return Failure(str(error), detail if error.__cause__ else str(error), True, error)
    return Failure(f"internal error: {type(error).__name__}: {error}", detail, False, error)


class JobSignals(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(object)  # Failure
    cancelled = Signal()
    finished = Signal()  # after done, failed or cancelled


class Job:
    def __init__(self, work: Callable[[Progress], Any]) -> None:
        self.work = work
        self.token = CancelToken()
        self.signals = JobSignals()

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def run(self) -> None:
        progress = Progress(self.signals.progress.emit, self.token)
        try:
            result = self.work(progress)
            progress.check()
        except Cancelled:
            self.signals.cancelled.emit()
        except BaseException as error:  # reported to the user, never a crash of the app
            self.signals.failed.emit(describe(error))
        else:
            self.signals.done.emit(result)
        finally:
            self.signals.finished.emit()


class Jobs(QObject):
    """The app's worker pool; keeps every running job alive until it reports ``finished``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = concurrent.futures.ThreadPoolExecutor(THREADS, thread_name_prefix="studio-job")
        self.running: set[Job] = set()
        self._futures: set[concurrent.futures.Future] = set()
        self.destroyed.connect(lambda: self.pool.shutdown(wait=False, cancel_futures=True))

    def start(
        self,
        work: Callable[[Progress], Any],
        done: Slot | None = None,
        failed: Slot | None = None,
        progress: Slot | None = None,
        cancelled: Slot | None = None,
        finished: Slot | None = None,
    ) -> Job:
        """Run ``work`` in a worker; each outcome goes to a callable or is re-emitted by a
        signal (pass the signal itself: ``failed=self.failed``)."""
        job = Job(work)
        for signal, slot in (
            (job.signals.done, done),
            (job.signals.failed, failed),
            (job.signals.progress, progress),
            (job.signals.cancelled, cancelled),
            (job.signals.finished, finished),
        ):
            if slot is not None:
                signal.connect(slot)
        job.signals.finished.connect(lambda: self.running.discard(job))
        self.running.add(job)
        future = self.pool.submit(job.run)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)
        return job

    def cancel_all(self) -> None:
        for job in list(self.running):
            job.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job has returned (on quit and in tests); False on a timeout."""
        timeout = None if msecs < 0 else msecs / 1000
        _, pending = concurrent.futures.wait(list(self._futures), timeout)
        return not pending


DEVICE_PROBE_DELAY_MS = 300


def find_devices(jobs: Jobs, backend, found, not_found) -> None:
    """List a sound backend's devices in a worker, shortly after start-up: loading PortAudio
    takes a few hundred milliseconds that the first paint of the window should not share."""
    QTimer.singleShot(
        DEVICE_PROBE_DELAY_MS,
        jobs,  # no probe once the window (and its pool) is gone
        lambda: jobs.start(lambda progress: _devices(backend), done=found, failed=not_found),
    )


def _devices(backend):
    from .torch_preload import native_loading

    with native_loading():  # loads PortAudio: not while torch's libraries are loading
        return backend.devices()
