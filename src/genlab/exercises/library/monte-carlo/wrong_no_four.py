# Plausible mistake: forgets the factor 4, estimating pi / 4
"""Probability: Monte Carlo estimation with a standard error.

An expectation E[g(X)] can be estimated by the mean of g over independent samples of X; by
the central limit theorem the error of that mean is about std(g(X)) / sqrt(n).

Check your work with:  genlab check monte-carlo
"""

import numpy as np


def mc_mean(samples):
    """``(estimate, standard_error)`` of the mean of the 1-D array ``samples`` (n >= 2).

    estimate = the sample mean; standard_error = the sample standard deviation (ddof=1)
    divided by sqrt(n). Return two floats.
    """
    samples = np.asarray(samples, dtype=float)
    return float(samples.mean()), float(samples.std(ddof=1) / np.sqrt(len(samples)))


def estimate_pi(n, rng):
    """Estimate pi with ``n`` random points: ``(estimate, standard_error)``.

    Draw ``points = rng.random((n, 2))`` (one call), uniform in the unit square. The share of
    points with x ** 2 + y ** 2 <= 1 estimates pi / 4; use ``mc_mean`` on 4 * (inside or not).
    """
    points = rng.random((n, 2))
    inside = (points ** 2).sum(axis=1) <= 1.0
    return mc_mean(1.0 * inside)


def mc_integral(f, a, b, n, rng):
    """Estimate the integral of ``f`` over [a, b]: ``(estimate, standard_error)``.

    Draw ``x = a + (b - a) * rng.random(n)`` (one call); ``f`` takes and returns arrays.
    The integral is (b - a) times the mean of f(x); use ``mc_mean`` on (b - a) * f(x).
    """
    x = a + (b - a) * rng.random(n)
    return mc_mean((b - a) * np.asarray(f(x), dtype=float))
