# Plausible mistake: sums over the batch instead of averaging
"""Advanced models: the hinge loss of GANs (Lim & Ye 2017, used by SN-GAN and BigGAN).

The discriminator (a critic that outputs any real number) is trained like a support vector
machine: real images should score at least +1 and fakes at most -1; beyond the margin an
example contributes nothing, so D stops pushing scores to extremes and its gradients stay
useful. The generator maximises the score of its fakes. genlab's cgan recipe uses it
(`model.loss = "hinge"`).

Check your work with:  genlab check hinge-loss
"""

import torch


def d_hinge_loss(d_real, d_fake):
    """The discriminator's hinge loss from its scores of real and of fake images (each (B,))."""
    return torch.relu(1 - d_real).sum() + torch.relu(1 + d_fake).sum()


def g_hinge_loss(d_fake):
    """The generator's loss: minus the mean score of its fakes."""
    return -d_fake.mean()
