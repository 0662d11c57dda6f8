"""What the autoregressive image models (``pixelcnn``, the ``vqvae`` prior) share: drawing each
pixel or token from its predicted distribution with noise fixed in advance.

An autoregressive model samples x_1, then x_2 given x_1, and so on. Its randomness is one number
per position, so genlab draws all of them up front as Gaussian latents z and turns each into a
choice by the inverse CDF: u = Phi(z) in (0, 1), then the first category whose cumulative
probability exceeds u. The same z always decodes to the same image (so seeds, grids across
training and ``genlab interpolate`` behave as for the other generators), and a Gaussian latent
keeps the latent walks of :class:`~genlab.models.capabilities.ImageSampling` meaningful.
"""

from __future__ import annotations

import torch


def uniform_from_latent(z: torch.Tensor) -> torch.Tensor:
    """Phi(z): a standard normal number mapped to a uniform one in (0, 1)."""
    return 0.5 * (1 + torch.erf(z / 2 ** 0.5))


def choose(probs: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
    """The category picked for each row of ``probs`` (..., K) by the latent ``z`` (...)."""
    u = uniform_from_latent(z).unsqueeze(-1)
    cdf = probs.float().cumsum(-1)
    return (cdf < u * cdf[..., -1:]).sum(-1).clamp_max(probs.shape[-1] - 1)
