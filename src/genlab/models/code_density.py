"""A density fitted to a model's codes after training: one full-covariance Gaussian per class.

An autoencoder's codes follow no known distribution, and a VAE's codes only roughly follow its
prior N(0, I) (the "holes" between the aggregate posterior and the prior decode to blurry
hybrids). Ghosh et al. (2020, "From variational to deterministic autoencoders") sample instead
from a density fitted to the training codes after the fact ("ex-post density estimation"); they
fit a 10-component mixture without labels. Here the training labels assign the components, one
Gaussian per class, weighted by the class's share, which also lets a conditional model draw
from its requested class's component.

Each component is kept as running averages of its codes' mean and second moment (buffers, so
they travel with the checkpoint); :meth:`ClassGaussians.update` is called on every training batch.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class ClassGaussians(nn.Module):
    def __init__(self, num_classes: int, dim: int, momentum: float = 0.01):
        super().__init__()
        k = max(num_classes, 1)
        self.momentum = momentum
        self.register_buffer("share", torch.full((k,), 1.0 / k))
        self.register_buffer("mean", torch.zeros(k, dim))
        self.register_buffer("second", torch.eye(dim).repeat(k, 1, 1))
        self.frozen_factors: torch.Tensor | None = None   # see freeze_for_export

    def freeze_for_export(self) -> None:
        """Keep the Cholesky factors as constants: an exported graph has no Cholesky operator,
        and the moments do not change once the model is trained."""
        self.frozen_factors = self.cholesky().detach()

    @torch.no_grad()
    def update(self, z: torch.Tensor, labels: torch.Tensor | None = None) -> None:
        """Move each class's moments towards this batch's codes of that class."""
        k, m = len(self.share), self.momentum
        if labels is None:
            labels = torch.zeros(len(z), dtype=torch.long, device=z.device)
        onehot = F.one_hot(labels.clamp(0, k - 1), k).to(z.dtype)           # (B, K)
        counts = onehot.sum(0)
        seen = counts > 0
        c = counts.clamp_min(1)
        mean = onehot.T @ z / c[:, None]                                     # (K, d)
        second = torch.einsum("bk,bi,bj->kij", onehot, z, z) / c[:, None, None]
        self.share.lerp_(counts / counts.sum(), m)
        self.mean[seen] = self.mean[seen].lerp(mean[seen], m)
        self.second[seen] = self.second[seen].lerp(second[seen], m)

    def cholesky(self) -> torch.Tensor:
        """Cholesky factors of the components' covariances (a little jitter keeps them valid)."""
        if self.frozen_factors is not None:
            return self.frozen_factors
        eye = torch.eye(self.mean.shape[1], device=self.mean.device)
        cov = self.second - torch.einsum("ki,kj->kij", self.mean, self.mean)
        return torch.linalg.cholesky((cov + cov.transpose(1, 2)) / 2 + 1e-4 * eye)

    def component(self, u: torch.Tensor) -> torch.Tensor:
        """Component index for uniforms ``u`` in (0, 1), chosen in proportion to the shares."""
        cdf = torch.cumsum(self.share / self.share.sum(), 0)
        return torch.searchsorted(cdf, u.contiguous()).clamp(max=len(self.share) - 1)

    def transform(self, eps: torch.Tensor, components: torch.Tensor) -> torch.Tensor:
        """Codes from standard-normal ``eps`` (B, d) in the given components (B,). Soft
        components (B, K or more columns of weights) mix the components' codes of the same eps."""
        if components.is_floating_point():
            k = self.mean.shape[0]
            weights = components[:, :k].to(eps.dtype)
            codes = self.mean[None] + torch.einsum("kij,bj->bki", self.cholesky(), eps)  # (B, K, d)
            return (weights[:, :, None] * codes).sum(1)
        return self.mean[components] + torch.einsum("bij,bj->bi", self.cholesky()[components], eps)
