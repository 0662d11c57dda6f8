"""Variational inference against the exact posterior, on Bayesian linear regression.

The model: y = X w + noise, noise ~ N(0, s^2), prior w ~ N(0, a^2 I). Its posterior is Gaussian
and known in closed form (a conjugate model):

    Sigma = (X^T X / s^2 + I / a^2)^-1,    mu = Sigma X^T y / s^2.

Variational inference instead picks the best member of a simpler family, here the mean-field
family q(w) = prod_i N(m_i, v_i), by maximising the ELBO
E_q[log p(y | X, w)] + E_q[log p(w)] + H[q] with reparameterised gradients, the same recipe as
the VAE. For a Gaussian posterior the optimum is known too (Bishop, PRML section 10.1.2): the
means are exact and each variance is 1 / Lambda_ii, the inverse of the precision's diagonal,
which is never more than the true marginal variance Sigma_ii. Mean-field VI is *overconfident*
when the weights are correlated: the lab measures by how much, and what it does to the coverage
of predictive intervals (calibration).

Written out here because the point is to teach it; in practice use a library (e.g. Pyro or
NumPyro) for VI.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch


@dataclass
class Gaussian:
    mean: torch.Tensor
    cov: torch.Tensor  # full covariance (mean-field: diagonal)


def make_data(n: int = 200, d: int = 3, correlation: float = 0.9, noise: float = 0.5, seed: int = 0):
    """Inputs whose columns are correlated by ``correlation``, and targets from random weights."""
    g = torch.Generator().manual_seed(seed)
    cov = torch.full((d, d), correlation) + (1 - correlation) * torch.eye(d)
    X = torch.randn(n, d, generator=g, dtype=torch.float64) @ torch.linalg.cholesky(cov.double()).T
    w = torch.randn(d, generator=g, dtype=torch.float64)
    y = X @ w + noise * torch.randn(n, generator=g, dtype=torch.float64)
    return X, y, w


def exact_posterior(X, y, noise: float, prior_std: float = 1.0) -> Gaussian:
    precision = X.T @ X / noise**2 + torch.eye(X.shape[1], dtype=X.dtype) / prior_std**2
    cov = torch.linalg.inv(precision)
    return Gaussian(cov @ X.T @ y / noise**2, cov)


def mean_field_vi(X, y, noise: float, prior_std: float = 1.0, steps: int = 3000, lr: float = 0.05,
                  samples: int = 16, seed: int = 0) -> Gaussian:
    """Maximise the ELBO over q(w) = N(m, diag(exp(2 r))) with Adam and reparameterised samples."""
    g = torch.Generator().manual_seed(seed)
    d = X.shape[1]
    m = torch.zeros(d, dtype=X.dtype, requires_grad=True)
    r = torch.full((d,), -1.0, dtype=X.dtype, requires_grad=True)  # log standard deviations
    opt = torch.optim.Adam([m, r], lr=lr)
    for _ in range(steps):
        eps = torch.randn(samples, d, generator=g, dtype=X.dtype)
        w = m + torch.exp(r) * eps                                     # (samples, d)
        log_lik = -0.5 * ((y - w @ X.T) ** 2).sum(1) / noise**2
        log_prior = -0.5 * (w**2).sum(1) / prior_std**2
        entropy = r.sum()                                              # + constants
        loss = -(log_lik + log_prior).mean() - entropy
        opt.zero_grad()
        loss.backward()
        opt.step()
    return Gaussian(m.detach(), torch.diag(torch.exp(2 * r.detach())))


def optimal_mean_field(exact: Gaussian) -> Gaussian:
    """The closed-form optimum of mean-field VI for a Gaussian posterior: exact means, and
    variances 1 / (the precision's diagonal)."""
    precision = torch.linalg.inv(exact.cov)
    return Gaussian(exact.mean, torch.diag(1 / torch.diagonal(precision)))


def interval_coverage(post: Gaussian, X, y, noise: float, level: float = 0.9) -> float:
    """Share of held-out targets inside the central ``level`` predictive interval of ``post``:
    a calibrated posterior covers about ``level`` of them."""
    mean = X @ post.mean
    std = torch.sqrt(torch.einsum("nd,de,ne->n", X, post.cov, X) + noise**2)
    z = math.sqrt(2) * torch.special.erfinv(torch.tensor(level, dtype=X.dtype))
    return float(((y - mean).abs() <= z * std).double().mean())


def weight_interval_coverage(post: Gaussian, exact: Gaussian, level: float = 0.9, draws: int = 20000,
                             seed: int = 0) -> float:
    """Share of draws from the exact posterior inside ``post``'s central ``level`` interval of
    each weight: the calibration of the *parameter* uncertainty."""
    g = torch.Generator().manual_seed(seed)
    chol = torch.linalg.cholesky(exact.cov)
    w = exact.mean + torch.randn(draws, len(exact.mean), generator=g, dtype=exact.mean.dtype) @ chol.T
    z = math.sqrt(2) * torch.special.erfinv(torch.tensor(level, dtype=w.dtype))
    half = z * torch.sqrt(torch.diagonal(post.cov))
    return float(((w - post.mean).abs() <= half).double().mean())
