# Plausible mistake: updates the running variance with the biased batch variance
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
    shape = (1, -1, 1, 1)
    if training:
        n = x.numel() / x.shape[1]
        mean = x.mean(dim=(0, 2, 3))
        var = x.var(dim=(0, 2, 3), unbiased=False)
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean)
            running_var.mul_(1 - momentum).add_(momentum * var)
    else:
        mean, var = running_mean, running_var
    x_hat = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + eps)
    return x_hat * weight.view(shape) + bias.view(shape)
