"""One training run: :class:`Run` ties devices, data, checkpoints, metrics and Ctrl-C together.

A recipe reads::

    with Run(config) as run:
        net = run.wrap(Net())                      # build models inside the block: seeded
        opt = torch.optim.Adam(net.parameters())
        run.track(net=net, opt=opt)
        run.resume()                               # no-op unless config.resume
        loader = run.loader(dataset, batch_size)   # batch_size is the global batch
        for batch in run.batches(loader):
            with run.autocast():
                loss = ...
            opt.zero_grad()
            run.backward(loss, opt)
            run.log(loss=loss)
            run.next_step()
    weights = run.export_state(net)

Every rank runs the same code; the main rank alone writes files. The steps that involve all
ranks (logging, checkpointing, stopping) happen at the same step on every rank, driven by
``next_step`` and ``batches``.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

from studio.api.errors import Cancelled
from studio.api.progress import Progress

from .checkpoints import CheckpointFolder
from .config import TrainConfig
from .data import endless, make_loader
from .distributed import Cluster, connect, unwrap
from .errors import Interrupted, TrainingError
from .metrics import MetricsLog, Number
from .precision import Precision, amp_dtype
from .progress import ConsoleLine, StepClock, status
from .seeding import Stream, derive_seed, get_rng_state, seed_everything, set_rng_state
from .stopping import StopRequest

FORMAT = 1  # checkpoint layout version


class Stateful(Protocol):
    def state_dict(self) -> dict[str, Any]: ...
    def load_state_dict(self, state: dict[str, Any], /) -> Any: ...


def export_state(module: nn.Module) -> dict[str, torch.Tensor]:
    """The module's weights for export: unwrapped, on the CPU, floating tensors as float32."""
    return {
        name: value.detach().to(
            "cpu", torch.float32 if value.is_floating_point() else None, copy=True
        )
        for name, value in unwrap(module).state_dict().items()
    }


class Run:
    """A training run as a context manager; see the module docstring for a recipe.

    ``progress`` (optional) receives the progress line and lets the app stop the run: its
    token being cancelled acts like Ctrl-C. Without it the main rank prints to stderr.
    """

    def __init__(self, config: TrainConfig, progress: Progress | None = None) -> None:
        self.config = config
        self.step = 0
        self._user_progress = progress
        self._stop = StopRequest(progress.token if progress is not None else None)
        self._tracked: dict[str, Stateful] = {}
        self._loaders: list[DataLoader] = []
        self._served: list[int] = []  # batches each loader has handed out, over all epochs
        self._resumed = False
        self._rank_seeded = False
        self._saved_step: int | None = None
        self._seconds_before = 0.0  # training time of earlier sessions of a resumed run
        self._cluster: Cluster | None = None
        self._console: ConsoleLine | None = None
        self._progress: Progress | None = None  # main rank only

    # -- the with-block ----------------------------------------------------------------

    def __enter__(self) -> Run:
        self._cluster = connect(self.config.device)
        try:
            self._start()
        except BaseException:
            self._close()
            raise
        return self

    def _start(self) -> None:
        config, cluster = self.config, self.cluster
        existing = (config.out / "checkpoints" / "last.pt").is_file()
        if cluster.any(existing and not config.resume):
            raise TrainingError(
                f"{config.out} already holds a training run: pass --resume (resume=True) to "
                "continue it, or choose another output folder"
            )
        # The same seed on every rank: models built next start identical everywhere.
        seed_everything(config.seed)
        self.precision = Precision(self.device, amp_dtype(self.device, config.amp))
        self.checkpoints = CheckpointFolder(config.out / "checkpoints", config.keep_checkpoints)
        self._metrics = MetricsLog(config.out, cluster)
        self._clock = StepClock(0)
        if self.is_main:
            if self._user_progress is None:
                self._console = ConsoleLine(config.label)
            self._progress = self._user_progress or Progress(self._console)
        self._started = time.monotonic()
        self._earlier_sessions = _sessions(config.out / "run.json") if config.resume else []
        if self.is_main:
            config.out.mkdir(parents=True, exist_ok=True)
            self._write_run_info()
        self._stop.install()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if kind is None:  # finished (or the recipe left the loop early): save where we are
                if self.cluster.any(self._metrics.has_pending):
                    self._log_interval()
                self._checkpoint()
        finally:
            self._close()
        # Interrupted, KeyboardInterrupt and errors propagate; no checkpoint after an error,
        # which may have left the models half-updated.

    def _close(self) -> None:
        self._stop.restore()
        if self._console is not None:
            self._console.close()
        if hasattr(self, "_metrics"):  # absent when joining the job failed
            self._metrics.close()
        if self._cluster is not None:
            self._cluster.close()

    # -- who and where -----------------------------------------------------------------

    @property
    def cluster(self) -> Cluster:
        if self._cluster is None:
            raise TrainingError("use the Run inside its with-block: `with Run(config) as run:`")
        return self._cluster

    @property
    def device(self) -> torch.device:
        return self.cluster.device

    @property
    def rank(self) -> int:
        return self.cluster.rank

    @property
    def world_size(self) -> int:
        return self.cluster.world_size

    @property
    def is_main(self) -> bool:
        return self.cluster.is_main

    # -- models and state --------------------------------------------------------------

    def wrap(self, module: nn.Module, **ddp_options: Any) -> nn.Module:
        """``module`` on the run's device; in DistributedDataParallel when there are several
        processes (``ddp_options`` go to DDP, e.g. ``find_unused_parameters=True``)."""
        module = module.to(self.device)
        if not self.cluster.distributed:
            return module
        ids = [self.device.index] if self.device.type == "cuda" else None
        return nn.parallel.DistributedDataParallel(
            module, device_ids=ids, output_device=ids[0] if ids else None, **ddp_options
        )

    def track(self, **objects: Stateful) -> None:
        """Things checkpoints save and resume restores: modules (saved unwrapped), optimizers,
        schedulers, anything with ``state_dict``/``load_state_dict``."""
        if self._resumed:
            raise TrainingError("track everything before run.resume(), which restores it")
        for name, value in objects.items():
            if not (hasattr(value, "state_dict") and hasattr(value, "load_state_dict")):
                raise TrainingError(f"cannot track {name!r}: it has no state_dict/load_state_dict")
            if name in self._tracked and self._tracked[name] is not value:
                raise TrainingError(f"{name!r} is already tracked (for another object)")
            self._tracked[name] = value

    def resume(self) -> int:
        """With ``config.resume``: restore tracked objects, step, data position and RNG states
        from ``checkpoints/last.pt``. Returns the step training continues from."""
        if not self.config.resume or self._resumed:
            return self.step
        state = self.checkpoints.load()
        path = self.checkpoints.last
        if state.get("format") != FORMAT:
            raise TrainingError(f"{path}: checkpoint format {state.get('format')} is not {FORMAT}")
        if state["seed"] != self.config.seed:
            raise TrainingError(
                f"{path} was made with seed {state['seed']}, not {self.config.seed}: "
                "resume with the same seed (the data order depends on it)"
            )
        saved, wanted = set(state["tracked"]), set(self._tracked)
        if saved != wanted:
            raise TrainingError(
                f"{path} holds {sorted(saved)} but the run tracks {sorted(wanted)}: "
                "track the same objects under the same names as the run that saved it"
            )
        for name, value in self._tracked.items():
            unwrap(value).load_state_dict(state["tracked"][name])
        self.precision.load_state_dict(state["scalers"])
        self.step = self._saved_step = int(state["step"])
        served = [int(n) for n in state["served"]]
        self._served = served + [0] * (len(self._loaders) - len(served))
        self._seconds_before = float(state["seconds"])
        self._metrics.restore_pending(state["pending_metrics"])
        self._metrics.truncate_after(self.step)
        rng = state["rng"]
        if len(rng) == self.world_size:
            set_rng_state(rng[self.rank], self.device)
        else:  # another number of processes: the data order holds, per-rank noise cannot
            seed_everything(derive_seed(self.config.seed, Stream.RANK, self.rank, self.step))
        self._rank_seeded = self._resumed = True
        self._clock.restart(self.step)
        if self.is_main:
            self._write_run_info()
        return self.step

    def export_state(self, module: nn.Module) -> dict[str, torch.Tensor]:
        return export_state(module)

    # -- data --------------------------------------------------------------------------

    def loader(
        self,
        dataset: Dataset,
        batch_size: int,
        shuffle: bool = True,
        drop_last: bool = True,
        collate_fn: Any = None,
        num_workers: int = 0,
        **options: Any,
    ) -> DataLoader:
        """A loader of this rank's share (``batch_size // world_size``) of each global batch
        of ``batch_size``; see :mod:`studio.ml.training.data` for the order. ``options`` go
        to ``DataLoader`` (e.g. ``persistent_workers``)."""
        options.setdefault("pin_memory", self.device.type == "cuda")
        loader = make_loader(
            dataset,
            batch_size,
            # Each loader of a run gets its own order (a GAN may draw voices and faces).
            seed=derive_seed(self.config.seed, Stream.LOADER, len(self._loaders)),
            rank=self.rank,
            world_size=self.world_size,
            shuffle=shuffle,
            drop_last=drop_last,
            collate_fn=collate_fn,
            num_workers=num_workers,
            **options,
        )
        self._loaders.append(loader)
        self._served.extend([0] * (len(self._loaders) - len(self._served)))
        return loader

    def batches(self, *loaders: DataLoader) -> Iterator[Any]:
        """Batches until ``config.steps`` steps are done (a tuple, one per loader, when given
        several). On a stop request it writes a checkpoint and raises :class:`Interrupted`."""
        if self.config.resume and not self._resumed:
            raise TrainingError("config.resume is set: call run.resume() after run.track(...)")
        if not loaders:
            raise TrainingError("run.batches needs at least one loader from run.loader")
        indices = [self._loader_index(loader) for loader in loaders]
        if not self._rank_seeded:
            # From here on ranks differ (dropout, noise): give each its own stream.
            seed_everything(derive_seed(self.config.seed, Stream.RANK, self.rank))
            self._rank_seeded = True
        # purge_step drops TensorBoard events a resumed run is about to log again.
        self._metrics.open_tensorboard(purge_after=self.step if self._resumed else None)
        streams = [endless(self._loaders[i], self._served[i], self.rank) for i in indices]
        while self.step < self.config.steps:
            if self._stopping():
                self._interrupt()
            batch = []
            for index, stream in zip(indices, streams):
                batch.append(next(stream))
                self._served[index] += 1
            yield batch[0] if len(batch) == 1 else tuple(batch)

    def _loader_index(self, loader: DataLoader) -> int:
        for index, known in enumerate(self._loaders):
            if known is loader:
                return index
        raise TrainingError("run.batches takes loaders made by this run's run.loader")

    # -- one step ----------------------------------------------------------------------

    def autocast(self) -> Any:
        """Mixed precision for the forward pass on CUDA (``config.amp``); a no-op elsewhere."""
        return self.precision.autocast()

    def backward(self, loss: torch.Tensor, optimizer: torch.optim.Optimizer) -> None:
        """Backward pass (loss-scaled under fp16) and ``optimizer.step()``; the recipe calls
        ``zero_grad`` itself. The optimizer must be tracked, so resuming restores it."""
        self.precision.backward(loss, optimizer, self._name_of(optimizer))

    def _name_of(self, value: object) -> str:
        for name, known in self._tracked.items():
            if known is value:
                return name
        raise TrainingError("run.backward: track the optimizer first (run.track(opt=optimizer))")

    def log(self, **metrics: Number) -> None:
        """Record this step's metrics (numbers or 0-d tensors); see ``config.log_every``."""
        self._metrics.add(metrics)

    def next_step(self) -> None:
        """Count a finished step; log and checkpoint when their intervals come round."""
        self.step += 1
        self._clock.tick(self.step)
        if self.step % self.config.log_every == 0:
            self._log_interval()
        if self.step % self.config.checkpoint_every == 0:
            self._checkpoint()

    def request_stop(self) -> None:
        """Stop after the current step, as the first Ctrl-C does."""
        self._stop.ask()

    # -- internals ---------------------------------------------------------------------

    def _seconds(self) -> float:
        return self._seconds_before + time.monotonic() - self._started

    def _log_interval(self) -> None:
        means = self._metrics.flush(self.step, self._seconds())
        self._report(status(self.step, self.config.steps, self._clock, means))

    def _report(self, message: str) -> None:
        if self._progress is None:
            return
        try:
            self._progress.update(self.step / max(self.config.steps, 1), message)
        except Cancelled:
            self._stop.ask()  # the app's Cancel: stop after this step like Ctrl-C

    def _stopping(self) -> bool:
        # All ranks must stop at the same step, though the signal reaches each at its own time.
        return self.cluster.any(self._stop.asked)

    def _interrupt(self) -> None:
        self._report(f"stopping at step {self.step}: writing a checkpoint")
        raise Interrupted(self.step, self._checkpoint())

    def _checkpoint(self) -> Path:
        """Save (main rank) unless this step is saved already; collective on every rank."""
        path = self.checkpoints.last
        if self._saved_step == self.step:
            return path
        rng = self.cluster.gather(get_rng_state(self.device))
        pending = self._metrics.pending()
        failure: BaseException | None = None
        if self.is_main:
            try:
                self.checkpoints.save(self._state(rng, pending), self.step)
            except Exception as error:
                failure = error
        if self.cluster.any(failure is not None):  # every rank learns that the save failed
            if failure is not None:
                raise failure
            raise TrainingError(f"the main process could not write the checkpoint {path}")
        self._saved_step = self.step
        return path

    def _state(self, rng: list[dict[str, Any]], pending: dict[str, list[float]]) -> dict:
        return {
            "format": FORMAT,
            "step": self.step,
            "seed": self.config.seed,
            "world_size": self.world_size,
            "seconds": self._seconds(),
            "tracked": {name: unwrap(value).state_dict() for name, value in self._tracked.items()},
            "scalers": self.precision.state_dict(),
            "served": list(self._served),
            "pending_metrics": pending,
            "rng": rng,
        }

    def _write_run_info(self) -> None:
        """run.json: this session's config and environment, after those of earlier sessions."""
        dtype = self.precision.dtype
        info = {
            "config": self.config.to_json(),
            "world_size": self.world_size,
            "device": str(self.device),
            "amp_dtype": None if dtype is None else str(dtype).removeprefix("torch."),
            "torch": torch.__version__,
            "python": platform.python_version(),
            "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "resumed_from_step": self.step if self._resumed else None,
            "command": sys.argv,
            "earlier": self._earlier_sessions,
        }
        (self.config.out / "run.json").write_text(json.dumps(info, indent=2) + "\n")


def _sessions(path: Path) -> list[dict[str, Any]]:
    """The sessions recorded in an existing run.json, oldest first (empty if unreadable)."""
    try:
        previous = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    return [*previous.pop("earlier", []), previous] if isinstance(previous, dict) else []
