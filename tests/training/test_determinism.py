"""Same seed, same run; the data order is seeded, per epoch, and identical across ranks."""

from __future__ import annotations

import pytest
import torch
from toy_recipe import SAMPLES, train

from studio.ml.training import TrainingError
from studio.ml.training.data import GlobalBatchSampler


def test_same_seed_gives_identical_parameters(config):
    first = train(config("a", seed=3), optimizer="adam", noise=True)
    second = train(config("b", seed=3), optimizer="adam", noise=True)
    assert first.batches == second.batches
    assert all(torch.equal(first.params[k], second.params[k]) for k in first.params)


def test_another_seed_gives_other_parameters_and_order(config):
    first = train(config("a", seed=3))
    second = train(config("b", seed=4))
    assert first.batches != second.batches
    assert not all(torch.equal(first.params[k], second.params[k]) for k in first.params)


def test_epochs_reshuffle_deterministically():
    sampler = GlobalBatchSampler(SAMPLES, 8, seed=7)
    epochs = [sampler.global_batches(epoch) for epoch in range(3)]
    assert epochs[0] != epochs[1] != epochs[2]
    assert epochs == [GlobalBatchSampler(SAMPLES, 8, seed=7).global_batches(e) for e in range(3)]
    for batches in epochs:  # drop_last: 3 full batches of distinct samples
        assert [len(b) for b in batches] == [8, 8, 8]
        assert len({i for b in batches for i in b}) == 24


@pytest.mark.parametrize("world", [2, 4])
def test_ranks_batches_concatenate_to_the_single_process_batch(world):
    single = GlobalBatchSampler(SAMPLES, 8, seed=1)
    ranks = [GlobalBatchSampler(SAMPLES, 8, seed=1, rank=r, world_size=world) for r in range(world)]
    for epoch in range(2):
        for sampler in (single, *ranks):
            sampler.set_epoch(epoch)
        per_rank = [list(sampler) for sampler in ranks]
        assert all(len(batch) == 8 // world for batches in per_rank for batch in batches)
        joined = [[i for batches in per_rank for i in batches[k]] for k in range(len(single))]
        assert joined == list(single)


def test_resuming_mid_epoch_skips_the_batches_already_served():
    sampler = GlobalBatchSampler(SAMPLES, 8, seed=1)
    sampler.set_epoch(2)
    whole = list(sampler)
    sampler.set_epoch(2, start=1)
    assert list(sampler) == whole[1:]


def test_without_drop_last_the_short_batch_is_padded_to_split_evenly():
    single = GlobalBatchSampler(10, 4, seed=0, drop_last=False)
    assert [len(b) for b in single] == [4, 4, 2]
    ranks = [
        GlobalBatchSampler(10, 4, seed=0, drop_last=False, rank=r, world_size=4) for r in range(4)
    ]
    last = [list(sampler)[-1] for sampler in ranks]
    order = single.order(0)
    assert [i for batch in last for i in batch] == order[8:10] + order[:2]


def test_unusable_batch_sizes_are_refused():
    with pytest.raises(TrainingError, match="multiple of the number of processes"):
        GlobalBatchSampler(SAMPLES, 7, seed=0, world_size=2)
    with pytest.raises(TrainingError, match="fewer than one batch"):
        GlobalBatchSampler(5, 8, seed=0)
