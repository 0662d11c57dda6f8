# Plausible mistake: drops in evaluation too
"""Deep learning: dropout (Srivastava et al. 2014), in its "inverted" form.

During training, dropout zeroes a random share p of the activations, so no unit can rely on any
one other: a cheap way to train an ensemble of thinned networks that share weights. The kept
values are scaled up by 1 / (1 - p) during training, so that at test time, when nothing is
dropped, the layer is simply the identity.

Check your work with:  genlab check dropout
"""

import torch


def dropout(x, p, training, generator=None):
    """Dropout of ``x`` with drop probability ``p`` (0 <= p <= 1). Draw the mask with
    ``torch.rand(x.shape, generator=generator)``: a value is kept where that is >= p."""
    if p == 0:
        return x
    if p == 1:
        return torch.zeros_like(x)
    keep = torch.rand(x.shape, generator=generator) >= p
    return x * keep / (1 - p)
