# Plausible mistake: noise of standard deviation sigma instead of sigma * C
"""Ethics and responsible AI: the clip-and-noise step of DP-SGD (Abadi et al. 2016).

Plain SGD averages the batch's gradient, so one unusual example can move the weights a lot, and
what the weights then remember about it can be attacked. DP-SGD bounds each example's influence:
it clips every example's gradient to a norm of at most C and hides what is left under Gaussian
noise of standard deviation sigma * C. A privacy accountant turns (sigma, batch size / data
size, steps) into the guarantee (epsilon, delta); `genlab train ... --set train.dp_epsilon=3`
does all of this with Opacus.

Check your work with:  genlab check dp-clip-and-noise
"""

import torch


def per_example_norms(grads):
    """The L2 norm of each example's whole gradient.

    ``grads`` is a list with one tensor per parameter, each of shape (B, *parameter shape): the
    gradient of every example's loss. The norm of example b is taken over all the parameters
    together. Returns a tensor of shape (B,).
    """
    return torch.stack([g.flatten(1).pow(2).sum(1) for g in grads]).sum(0).sqrt()


def clip_and_noise(grads, max_norm, noise_multiplier, noises):
    """The private gradient of each parameter: a list of tensors of the parameters' shapes.

    For every parameter: (sum over b of clip_b * grads[b] + noise_multiplier * max_norm * noise) / B,
    with clip_b = min(1, max_norm / (norm_b + 1e-6)) from :func:`per_example_norms` and
    ``noises`` a list of standard-normal tensors, one per parameter, of the parameters' shapes.
    """
    batch = grads[0].shape[0]
    factor = (max_norm / (per_example_norms(grads) + 1e-6)).clamp(max=1.0)
    out = []
    for g, z in zip(grads, noises):
        clipped = (factor.view(-1, *([1] * (g.dim() - 1))) * g).sum(0)
        out.append((clipped + noise_multiplier * z) / batch)
    return out
