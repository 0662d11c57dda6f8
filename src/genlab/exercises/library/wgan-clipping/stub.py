"""Advanced models: the Wasserstein GAN of Arjovsky, Chintala & Bottou (2017).

The critic f estimates the Wasserstein-1 distance between the real and the generated
distributions as max over 1-Lipschitz f of E[f(real)] - E[f(fake)] (Kantorovich–Rubinstein
duality). The original paper keeps f Lipschitz crudely, by clipping every weight to [-c, c]
after each update; the gradient penalty of WGAN-GP replaced that (see the `gradient-penalty`
exercise and the `paper-wgan-gp` guide, which compares the two).

Check your work with:  genlab check wgan-clipping
"""

import torch


def critic_loss(f_real, f_fake):
    """The critic's loss to minimise from its scores of real and fake images (each (B,))."""
    # your code here
    raise NotImplementedError("write this part")


def clip_weights(module, c=0.01):
    """Clamp every parameter of ``module`` to [-c, c], in place."""
    # your code here
    raise NotImplementedError("write this part")
