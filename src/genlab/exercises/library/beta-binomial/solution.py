"""Bayesian methods: the conjugate Beta-Binomial update.

With a Beta(alpha, beta) prior on a coin's probability of heads, the posterior after seeing
the flips is again a Beta: the prior behaves like alpha - 1 earlier heads and beta - 1
earlier tails. Updating is just counting.

Check your work with:  genlab check beta-binomial
"""

from scipy import stats


def beta_binomial_update(alpha, beta, successes, trials):
    """The posterior ``(alpha', beta')`` after ``successes`` out of ``trials`` binomial trials
    under a Beta(``alpha``, ``beta``) prior. Raise ValueError unless
    0 <= successes <= trials."""
    if not 0 <= successes <= trials:
        raise ValueError(f"need 0 <= successes <= trials, got {successes} of {trials}")
    return alpha + successes, beta + (trials - successes)


def beta_mean_var(alpha, beta):
    """The mean and variance of Beta(``alpha``, ``beta``), as two floats."""
    total = alpha + beta
    return alpha / total, alpha * beta / (total ** 2 * (total + 1))


def credible_interval(alpha, beta, level=0.95):
    """The equal-tailed credible interval ``(low, high)`` of Beta(``alpha``, ``beta``) holding
    probability ``level``: (1 - level) / 2 of the mass lies below ``low`` and as much above
    ``high``. You may use scipy.stats.beta."""
    tail = (1 - level) / 2
    low, high = stats.beta.ppf([tail, 1 - tail], alpha, beta)
    return float(low), float(high)
