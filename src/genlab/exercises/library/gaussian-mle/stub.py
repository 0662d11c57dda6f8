"""Statistics: maximum-likelihood estimation of a Gaussian.

The maximum-likelihood estimate picks the parameters under which the observed data is most
probable. For a Gaussian it has a closed form, and its variance estimate divides by n.

Check your work with:  genlab check gaussian-mle
"""

import numpy as np


def gaussian_mle(x):
    """The maximum-likelihood ``(mu, sigma2)`` of a 1-D Gaussian given samples ``x`` (n >= 1).

    ``mu`` is the sample mean and ``sigma2`` the mean squared deviation from it (dividing by
    n: that is what maximising the likelihood gives). Return two floats.
    """
    # your code here
    raise NotImplementedError("write this part")


def gaussian_log_likelihood(x, mu, sigma2):
    """The total log-likelihood sum_i log N(x_i | mu, sigma2) of the samples ``x``, a float.

    log N(x | mu, sigma2) = -0.5 * log(2 * pi * sigma2) - (x - mu) ** 2 / (2 * sigma2).
    ``sigma2`` > 0.
    """
    # your code here
    raise NotImplementedError("write this part")
