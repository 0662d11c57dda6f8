"""An exponential moving average (EMA) of a network's weights, for sampling.

The weights a GAN or a diffusion model has at one step are noisy: each update pulls them after
one batch. Their running average ``average <- d * average + (1 - d) * weights`` (decay d close
to 1, e.g. 0.999: an average over the last ~1/(1 - d) updates) gives visibly cleaner samples for
free (Yazici et al., 2019, "The Unusual Effectiveness of Averaging in GAN Training"; Ho et al.,
2020, use it for DDPM). The average is never trained, only moved after each update.

The decay is warmed up as ``min(d, (1 + n) / (10 + n))`` after n updates, so that early averages
forget the random start. Buffers (batch-norm statistics) are copied, not averaged.
"""

from __future__ import annotations

import copy

import torch
from torch import nn


class EMA(nn.Module):
    def __init__(self, net: nn.Module, decay: float):
        super().__init__()
        self.decay = decay
        self.average = copy.deepcopy(net).requires_grad_(False)
        # a buffer, so the count is checkpointed and a resumed run warms up exactly as before
        self.register_buffer("updates", torch.zeros((), dtype=torch.long))

    @torch.no_grad()
    def update(self, net: nn.Module) -> None:
        """Move the average towards ``net``'s current weights."""
        self.updates += 1
        n = int(self.updates)
        d = min(self.decay, (1 + n) / (10 + n))
        for a, p in zip(self.average.parameters(), net.parameters()):
            a.lerp_(p, 1 - d)
        for a, b in zip(self.average.buffers(), net.buffers()):
            a.copy_(b)

    def forward(self, *args, **kwargs):
        return self.average(*args, **kwargs)


def maybe_ema(net: nn.Module, decay: float) -> EMA | None:
    """An EMA of ``net``, or None when ``decay`` is 0 (sampling uses the live weights)."""
    return EMA(net, decay) if decay > 0 else None
