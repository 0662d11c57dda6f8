"""Mini-batches sliced from in-memory tensors.

Epoch ``e`` shuffles with a generator seeded from ``(seed, e)``, so any step of training can be
reproduced from the step number alone: resuming needs no iterator state. ``batch_size`` is the
global batch: with ``world_size > 1`` process ``rank`` takes every ``world_size``-th example of
each global batch (a distributed sampler without the sampler), so N processes see exactly the
examples one process would, and the last incomplete batch of an epoch is dropped so that all
processes step together.
"""

from __future__ import annotations

import math
from typing import Iterator, Sequence

import torch


class ShuffledBatches:
    def __init__(self, tensors: Sequence[torch.Tensor], batch_size: int, seed: int = 0,
                 shuffle: bool = True, drop_last: bool = False, rank: int = 0, world_size: int = 1):
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.tensors = tuple(tensors)
        self.n = self.tensors[0].shape[0]
        self.batch_size, self.seed, self.shuffle, self.drop_last = batch_size, seed, shuffle, drop_last
        if world_size > batch_size:
            raise ValueError(f"batch_size {batch_size} is smaller than the {world_size} processes")
        self.rank, self.world_size = rank, world_size
        self.drop_last = drop_last or world_size > 1

    def __len__(self) -> int:
        """Batches per epoch."""
        if self.drop_last:
            return self.n // self.batch_size
        return math.ceil(self.n / self.batch_size)

    def order(self, epoch: int) -> torch.Tensor:
        if not self.shuffle:
            index = torch.arange(self.n)
        else:
            gen = torch.Generator().manual_seed(self.seed * 100_003 + epoch)
            index = torch.randperm(self.n, generator=gen)
        return index.to(self.tensors[0].device)

    def epoch(self, epoch: int, start: int = 0) -> Iterator[tuple[torch.Tensor, ...]]:
        """This process's part of the batches of ``epoch``, beginning at batch number ``start``."""
        index = self.order(epoch)
        for b in range(start, len(self)):
            idx = index[b * self.batch_size:(b + 1) * self.batch_size][self.rank::self.world_size]
            yield tuple(t[idx] for t in self.tensors)
