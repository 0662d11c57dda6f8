# Plausible mistake: averages over the latent dimensions instead of summing
"""Generative models: the reparameterization trick and the KL term of a VAE.

A VAE's encoder outputs, per input, a Gaussian over latent codes: a mean mu and a
log-variance logvar. Sampling z = mu + std * eps with eps ~ N(0, I) moves the randomness out
of the way so gradients flow into mu and logvar. The KL term keeps those Gaussians close to
the prior N(0, I).

Check your work with:  genlab check vae-reparam-kl
Later, `genlab check vae-reparam-kl --train` will train the vae lab with your functions.
"""

import torch


def reparameterize(mu, logvar, eps=None):
    """A sample z ~ N(mu, exp(logvar)), differentiable in ``mu`` and ``logvar``.

    z = mu + std * eps with std = exp(logvar / 2). ``mu`` and ``logvar`` have shape (B, D);
    ``eps`` is a tensor of the same shape, or None to draw it with ``torch.randn_like(mu)``.
    """
    if eps is None:
        eps = torch.randn_like(mu)
    std = torch.exp(0.5 * logvar)
    return mu + std * eps


def kl_to_standard_normal(mu, logvar):
    """KL( N(mu, diag(exp(logvar))) || N(0, I) ) for every sample: a tensor of shape (B,).

    Summed over the D latent dimensions:
        0.5 * sum_d (mu_d ** 2 + exp(logvar_d) - 1 - logvar_d)
    """
    return 0.5 * torch.mean(mu ** 2 + torch.exp(logvar) - 1.0 - logvar, dim=1)
