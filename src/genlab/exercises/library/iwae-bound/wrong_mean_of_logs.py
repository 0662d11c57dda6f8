# Plausible mistake: averages the log weights (the ELBO) instead of the weights
"""Research: implement an equation from a paper, the IWAE bound (Burda et al. 2016, eq. 8).

The paper, in its own notation: for k samples z_1..z_k drawn independently from q(z | x),

    L_k(x) = E[ log (1/k) sum_{j=1..k} p(x, z_j) / q(z_j | x) ],

a lower bound on log p(x) for every k, equal to the ELBO at k = 1, non-decreasing in k and
tending to log p(x) as k grows. Reading an equation into code means settling what the paper
leaves implicit: here, that the weights are given as logs and must be averaged stably.
genlab's VAE estimates test NLL this way (`genlab evaluate --iw-samples 5000`) and the
`paper-iwae` guide reproduces the paper's table.

Check your work with:  genlab check iwae-bound
"""

import math

import torch


def iwae_bound(log_w):
    """The batch mean of L_k from ``log_w`` (k, B): log_w[j, b] = log p(x_b, z_j) - log q(z_j | x_b)."""
    k = log_w.shape[0]
    return log_w.mean()
