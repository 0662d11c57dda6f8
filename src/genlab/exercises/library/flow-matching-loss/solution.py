"""Specialization: flow matching (Lipman et al. 2023) on straight paths (rectified flow, Liu et al. 2023).

Join a noise image (t = 0) and a data image x (t = 1) by a straight line. A network v(x_t, t)
learns the line's velocity at random points of random lines; at sampling time, integrating
dx/dt = v(x, t) from noise at t = 0 to t = 1 carries noise onto data. No noise schedule, no
variance: sampling is solving an ODE, and the simplest solver is Euler's method.
genlab's versions: `genlab.models.flow_matching.flow_matching_loss` and
`genlab.schedulers.flow.euler_step`.

Check your work with:  genlab check flow-matching-loss
"""

import torch


def flow_matching_loss(v, x, noise, t):
    """Mean squared error between ``v(x_t, t)`` and the velocity of the straight line from
    ``noise`` (t = 0) to ``x`` (t = 1), at the times ``t`` (a tensor, one per image)."""
    tt = t.view(-1, *[1] * (x.dim() - 1))
    x_t = (1 - tt) * noise + tt * x
    return ((v(x_t, t) - (x - noise)) ** 2).mean()


def euler_step(v, x, t, h):
    """x after one Euler step of size ``h`` from time ``t`` (a float). ``v(x, times)`` takes the
    times as a tensor with one entry per image."""
    times = torch.full((x.shape[0],), t, dtype=x.dtype, device=x.device)
    return x + h * v(x, times)
