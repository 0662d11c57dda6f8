"""Probability: draw samples of a distribution by inverting its CDF.

If U is uniform on [0, 1) and F is a CDF, then F^{-1}(U) has distribution F. That turns one
good source of uniform numbers into samplers for many distributions.

Check your work with:  genlab check inverse-cdf-sampling
"""

import numpy as np


def sample_exponential(rate, n, rng):
    """``n`` samples of the exponential distribution with the given ``rate`` (mean 1 / rate).

    Its CDF is F(x) = 1 - exp(-rate * x) for x >= 0. Draw ``u = rng.random(n)`` (exactly one
    call, so the checks can reproduce your numbers) and return F^{-1}(u), shape (n,).
    """
    u = rng.random(n)
    return -np.log1p(-u) / rate


def sample_categorical(probs, n, rng):
    """``n`` category indices in 0..K-1 drawn with P(i) = ``probs[i]``, an int array (n,).

    Draw ``u = rng.random(n)`` (one call). Sample j is the first index i whose cumulative
    probability probs[0] + ... + probs[i] is greater than u[j]. ``probs`` are non-negative
    and add up to 1 (up to rounding); a category of probability 0 never comes out.
    """
    cdf = np.cumsum(probs)
    u = rng.random(n)
    return np.searchsorted(cdf, u * cdf[-1], side="right")
