# Plausible mistake: penalises the squared norm instead of the norm
"""Generative models: the gradient penalty of WGAN-GP.

A Wasserstein GAN needs a critic whose gradient norm stays at most 1. WGAN-GP enforces this
softly: it samples points between real and fake data and penalises the critic wherever its
gradient norm there differs from 1.

Check your work with:  genlab check gradient-penalty
Later, `genlab check gradient-penalty --train` will train the wgan-gp lab with your penalty.
"""

import torch


def interpolate(real, fake, alpha):
    """x_hat = alpha * real + (1 - alpha) * fake, per sample.

    ``real`` and ``fake`` have shape (B, ...); ``alpha`` has shape (B,) and is broadcast over
    every other dimension of its sample.
    """
    a = alpha.view(-1, *([1] * (real.dim() - 1)))
    return a * real + (1 - a) * fake


def gradient_penalty(critic, real, fake, alpha):
    """The WGAN-GP penalty, a scalar tensor:

        mean over the batch of ( ||d critic(x_hat) / d x_hat||_2 - 1 ) ** 2

    with x_hat = interpolate(real, fake, alpha), the gradient taken for each sample (the
    critic returns one score per sample; differentiate their sum) and its norm over all the
    sample's entries. Build the gradient with ``create_graph=True`` so that the penalty can be
    backpropagated into the critic's parameters.
    """
    x_hat = interpolate(real, fake, alpha).detach().requires_grad_(True)
    scores = critic(x_hat)
    grad = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)[0]
    norms = (grad.flatten(1) ** 2).sum(dim=1)
    return ((norms - 1) ** 2).mean()
