# Plausible mistake: takes sigma as the norm of W u
"""Advanced models: spectral normalisation (Miyato et al. 2018).

A discriminator whose every layer has spectral norm (largest singular value) at most 1 is
1-Lipschitz: it cannot change its score faster than its input changes, which keeps GAN training
stable. Computing singular values exactly at every step is costly; power iteration is cheap:
repeatedly multiplying a vector by W.T and W aligns it with the top singular vectors, and one
iteration per training step, reusing the last u, is enough because W changes slowly. genlab's
cgan uses torch.nn.utils.parametrizations.spectral_norm (`model.spectral_norm = true`).

Check your work with:  genlab check spectral-norm
"""

import torch


def power_iteration(w, u, iterations=1, eps=1e-12):
    """(sigma, u): the estimate of the largest singular value of the matrix ``w`` (m, n) after
    ``iterations`` rounds from ``u`` (m,), and the new u to reuse next time."""
    for _ in range(iterations):
        v = w.T @ u
        v = v / (v.norm() + eps)
        u = w @ v
        u = u / (u.norm() + eps)
    return (w.T @ u).norm() ** 2, u


def spectral_normalize(w, u, iterations=1):
    """(w / sigma, u) for a weight of any shape (viewed as (shape[0], -1) for the estimate)."""
    sigma, u = power_iteration(w.reshape(w.shape[0], -1), u, iterations)
    return w / sigma, u
