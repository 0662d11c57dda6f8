"""Deep learning: batch normalisation (Ioffe & Szegedy 2015).

Batch norm normalises each channel with the statistics of the current batch, so the next layer
sees inputs of a stable scale whatever the earlier layers do. At test time there may be a single
image, so the layer keeps running averages of the statistics during training and uses those in
evaluation: the one layer whose behaviour depends on ``model.train()`` / ``model.eval()``. (It
also makes each example's output depend on the others in the batch, which is why DP-SGD and the
projection discriminator avoid it.)

Check your work with:  genlab check batch-norm
"""

import torch


def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    """Batch norm of ``x`` (N, C, H, W) per channel; every other argument tensor has shape (C,).

    training=True: normalise with the batch's mean and biased variance, and update
    ``running_mean`` and ``running_var`` *in place* with ``momentum`` (the running variance
    takes the unbiased batch variance). training=False: normalise with the running statistics.
    Returns y = (x - mean) / sqrt(var + eps) * weight + bias.
    """
    # your code here
    raise NotImplementedError("write this part")
