# Plausible mistake: forgets the factor beta in the posterior mean
"""Bayesian methods: the posterior of Bayesian linear regression.

With a Gaussian prior on the weights and Gaussian noise, the posterior over the weights is
Gaussian too, in closed form. Its covariance says how unsure the model still is, and the
predictive variance grows away from the data.

Check your work with:  genlab check bayesian-linreg
"""

import numpy as np


def posterior(X, y, alpha, beta):
    """The posterior ``(m, S)`` over the weights w of y = X w + noise.

    Prior: w ~ N(0, I / alpha). Likelihood: y_i ~ N(X_i . w, 1 / beta), independent.
    ``X`` is (n, d) (n may be 0), ``y`` is (n,). Then

        S = inverse(alpha * I + beta * X^T X)     (d, d)
        m = beta * S @ X^T @ y                    (d,)
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    d = X.shape[1]
    S = np.linalg.inv(alpha * np.eye(d) + beta * X.T @ X)
    m = S @ X.T @ y
    return m, S


def predictive(X_new, m, S, beta):
    """The posterior predictive ``(mean, var)`` at the rows of ``X_new`` (k, d), each (k,):

        mean_i = X_new_i . m
        var_i  = 1 / beta + X_new_i^T S X_new_i
    """
    X_new = np.asarray(X_new, dtype=float)
    mean = X_new @ m
    var = 1.0 / beta + np.sum((X_new @ S) * X_new, axis=1)
    return mean, var
