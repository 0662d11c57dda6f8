# Plausible mistake: adds up the betas instead of multiplying the (1 - beta)s
"""Generative models: the forward process and the training loss of DDPM.

A diffusion model destroys data step by step with Gaussian noise (the forward process) and
learns to undo one step at a time. Because every step is Gaussian, x_t can be sampled from
x_0 in one shot, and the network is trained simply to predict the noise that was added.

Check your work with:  genlab check ddpm-forward-loss
Later, `genlab check ddpm-forward-loss --train` will train the diffusion lab with your loss.
"""

import torch
import torch.nn.functional as F


def linear_betas(T, beta_start=1e-4, beta_end=0.02):
    """The noise schedule: ``T`` betas evenly spaced from ``beta_start`` to ``beta_end``
    (both included), a float32 tensor of shape (T,)."""
    return torch.linspace(beta_start, beta_end, T, dtype=torch.float32)


def alpha_bars(betas):
    """alpha_bar[t] = prod_{s=0..t} (1 - betas[s]), a tensor shaped like ``betas``."""
    return 1.0 - torch.cumsum(betas, dim=0)


def q_sample(x0, t, noise, alpha_bar):
    """Sample x_t ~ q(x_t | x_0) in one step:

        x_t = sqrt(alpha_bar[t]) * x0 + sqrt(1 - alpha_bar[t]) * noise

    ``x0`` and ``noise`` have shape (B, ...); ``t`` is a long tensor (B,) of 0-based steps,
    one per sample; ``alpha_bar`` is the (T,) schedule. Broadcast each sample's coefficient
    over its other dimensions.
    """
    ab = alpha_bar[t].view(-1, *([1] * (x0.dim() - 1)))
    return torch.sqrt(ab) * x0 + torch.sqrt(1.0 - ab) * noise


def ddpm_loss(model, x0, t, noise, alpha_bar):
    """The simple DDPM loss: the mean squared error, over all entries, between ``noise`` and
    ``model(x_t, t)`` where x_t = q_sample(x0, t, noise, alpha_bar). A scalar tensor."""
    x_t = q_sample(x0, t, noise, alpha_bar)
    return F.mse_loss(model(x_t, t), noise)
