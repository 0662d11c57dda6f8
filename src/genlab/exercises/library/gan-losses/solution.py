"""Generative models: the losses of a generative adversarial network (GAN).

The discriminator D outputs a logit: positive means "real". It is trained to call real samples
real and generated ones fake; the generator is trained to make D call its samples real. Both
losses are binary cross-entropies, best computed from logits.

Check your work with:  genlab check gan-losses
Later, `genlab check gan-losses --train` will train the dcgan lab with your losses.
"""

import torch
import torch.nn.functional as F


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """The discriminator's loss, a scalar tensor:

        mean_i[-log sigmoid(real_i)] + mean_j[-log(1 - sigmoid(fake_j))]

    ``real_logits`` and ``fake_logits`` are 1-D tensors of D's outputs, possibly of different
    lengths. Compute it stably from the logits: logits of +-100 must give finite values.
    """
    return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()


def generator_loss(fake_logits: torch.Tensor) -> torch.Tensor:
    """The non-saturating generator loss, a scalar tensor: mean_j[-log sigmoid(fake_j)].

    The generator wants D to call its samples real. Stable for any logits, like above.
    """
    return F.softplus(-fake_logits).mean()
