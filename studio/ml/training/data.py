"""Data order for single-process and data-parallel training alike.

Every epoch is one seeded permutation of the dataset, cut into *global* batches of
``batch_size`` samples. Under DDP rank ``r`` of ``W`` takes the contiguous slice
``[r * b, (r + 1) * b)`` of every global batch (``b = batch_size // W``), so the ranks'
batches ``k``, concatenated in rank order, are exactly the batch ``k`` a single process would
draw. Averaged DDP gradients therefore equal the single-process gradients on that batch, and
a run can resume on a different number of processes with the same data order.

(``DistributedSampler`` deals samples out round-robin over the whole epoch instead, which
gives each global batch the same samples in a different order, and pads differently.)

Resuming continues the exact order. Randomness inside the dataset (augmentation) is exact
after a resume only with ``num_workers=0``, where it draws on the restored RNG state; worker
processes are reseeded per (seed, epoch, rank), so a fresh run repeats itself, but a run
resumed mid-epoch hands batches to workers in another rotation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sized
from typing import Any

import torch
from torch.utils.data import DataLoader, Dataset, IterableDataset, Sampler

from .errors import TrainingError
from .seeding import Stream, derive_seed


class GlobalBatchSampler(Sampler[list[int]]):
    """Yields this rank's share of each global batch, starting at ``set_epoch(epoch, start)``."""

    def __init__(
        self,
        size: int,
        batch_size: int,
        *,
        seed: int,
        shuffle: bool = True,
        drop_last: bool = True,
        rank: int = 0,
        world_size: int = 1,
    ) -> None:
        if batch_size < 1 or batch_size % world_size:
            raise TrainingError(
                f"batch size {batch_size} must be a positive multiple of the number of "
                f"processes ({world_size}): it is the global batch, split evenly across them"
            )
        self.size, self.batch_size = size, batch_size
        self.seed, self.shuffle, self.drop_last = seed, shuffle, drop_last
        self.rank, self.world_size = rank, world_size
        self.epoch, self.start = 0, 0
        if len(self) == 0:
            raise TrainingError(
                f"the dataset has {size} samples, fewer than one batch of {batch_size}"
            )

    def set_epoch(self, epoch: int, start: int = 0) -> None:
        """Draw epoch ``epoch``'s order, skipping its first ``start`` batches (resuming)."""
        self.epoch, self.start = epoch, start

    def __len__(self) -> int:
        """Batches per epoch."""
        full, rest = divmod(self.size, self.batch_size)
        return full + (1 if rest and not self.drop_last else 0)

    def order(self, epoch: int) -> list[int]:
        if not self.shuffle:
            return list(range(self.size))
        generator = torch.Generator().manual_seed(derive_seed(self.seed, Stream.ORDER, epoch))
        return torch.randperm(self.size, generator=generator).tolist()

    def global_batches(self, epoch: int) -> list[list[int]]:
        order = self.order(epoch)
        batches = [order[i : i + self.batch_size] for i in range(0, self.size, self.batch_size)]
        if len(batches[-1]) < self.batch_size:
            if self.drop_last:
                batches.pop()
            else:
                # Pad the short last batch with the epoch's first samples so that it still
                # splits evenly (as DistributedSampler pads); a single process needs none.
                short = -len(batches[-1]) % self.world_size
                batches[-1] = batches[-1] + (order * self.world_size)[:short]
        return batches

    def __iter__(self) -> Iterator[list[int]]:
        for batch in self.global_batches(self.epoch)[self.start :]:
            share = len(batch) // self.world_size
            yield batch[self.rank * share : (self.rank + 1) * share]


def make_loader(
    dataset: Dataset,
    batch_size: int,
    *,
    seed: int,
    rank: int,
    world_size: int,
    shuffle: bool,
    drop_last: bool,
    collate_fn: Callable[[list[Any]], Any] | None,
    num_workers: int,
    pin_memory: bool,
    **options: Any,
) -> DataLoader:
    if isinstance(dataset, IterableDataset) or not isinstance(dataset, Sized):
        raise TrainingError("run.loader needs a map-style dataset (with __len__ and __getitem__)")
    sampler = GlobalBatchSampler(
        len(dataset),
        batch_size,
        seed=seed,
        shuffle=shuffle,
        drop_last=drop_last,
        rank=rank,
        world_size=world_size,
    )
    return DataLoader(
        dataset,
        batch_sampler=sampler,
        collate_fn=collate_fn,
        num_workers=num_workers,
        pin_memory=pin_memory,
        # Our own generator, reseeded every epoch, so worker seeds never draw on (and never
        # depend on) the global torch RNG.
        generator=torch.Generator(),
        **options,
    )


def endless(loader: DataLoader, served: int, rank: int) -> Iterator[Any]:
    """The loader's batches epoch after epoch, starting after ``served`` batches.

    Each epoch's order and worker seeds depend only on (seed, epoch, rank), so starting from
    a count reproduces what an uninterrupted run would have drawn from there on.
    """
    sampler = loader.batch_sampler
    if not isinstance(sampler, GlobalBatchSampler):
        raise TrainingError("run.batches takes loaders made by run.loader")
    epoch, start = divmod(served, len(sampler))
    while True:
        sampler.set_epoch(epoch, start)
        loader.generator.manual_seed(derive_seed(sampler.seed, Stream.WORKERS, epoch, rank))
        yield from loader
        epoch, start = epoch + 1, 0
