# Plausible mistake: drops the - 1 from the Gaussian formula
"""Information theory: the Kullback-Leibler divergence.

KL(p || q) is how many extra nats a code built for q costs on data from p. It is never
negative, is 0 only when p = q, and is not symmetric. VAEs, policy optimisation and
variational inference all minimise one.

Check your work with:  genlab check kl-divergence
"""

import numpy as np


def kl_divergence(p, q):
    """KL(p || q) = sum_i p_i log(p_i / q_i) in nats, for 1-D distributions: a float.

    Terms with p_i = 0 count as 0; if q_i = 0 for some i with p_i > 0, return
    ``float('inf')``.
    """
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    mask = p > 0
    if np.any(q[mask] == 0):
        return float("inf")
    return float(np.sum(p[mask] * np.log(p[mask] / q[mask])))


def kl_gaussians(mu1, var1, mu2, var2):
    """KL( N(mu1, var1) || N(mu2, var2) ) for 1-D Gaussians, in nats (variances > 0):

        0.5 * ( log(var2 / var1) + (var1 + (mu1 - mu2) ** 2) / var2 - 1 )
    """
    return float(0.5 * (np.log(var2 / var1) + (var1 + (mu1 - mu2) ** 2) / var2))
