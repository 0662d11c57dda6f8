# Plausible mistake: averages over the pixels instead of summing
"""Advanced models: the negative ELBO of a VAE with a Bernoulli decoder.

For (near-)binary images the decoder outputs a logit l per pixel, and p(x | z) is a product of
Bernoulli distributions with probabilities sigmoid(l). Its log is minus the binary cross-entropy,
summed (not averaged) over the pixels: averaging would shrink the reconstruction term by 784
against the KL term and change the model. The ELBO is log p(x | z) - KL(q(z | x) || N(0, I)).

Check your work with:  genlab check elbo-bernoulli
"""

import torch
import torch.nn.functional as F


def bernoulli_log_likelihood(x, logits):
    """log p(x | z) per image: (B,) from pixels ``x`` in [0, 1] and ``logits`` of the same shape,
    summed over every dimension but the first, stable for large logits."""
    per_pixel = x * logits - F.softplus(logits)
    return per_pixel.flatten(1).mean(1)


def negative_elbo(x, logits, mu, logvar):
    """The batch mean of -log p(x | z) + KL(N(mu, exp(logvar)) || N(0, I)); ``mu``, ``logvar`` (B, d)."""
    kl = -0.5 * (1 + logvar - mu ** 2 - logvar.exp()).sum(1)
    return (-bernoulli_log_likelihood(x, logits) + kl).mean()
