"""Checks for bayesian-linreg."""

import numpy as np

from genlab.exercises.checks import check


def ref_post(X, y, alpha, beta):
    d = X.shape[1]
    precision = alpha * np.eye(d) + beta * X.T @ X
    S = np.linalg.inv(precision)
    return np.linalg.solve(precision, beta * X.T @ y), S


def data(seed, n, d, noise=0.5):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d)
    return X, X @ w + rng.normal(scale=noise, size=n), w


@check("the posterior of a small problem")
def small(t):
    X, y, _ = data(0, 10, 3)
    t.given("10 points in 3-D, alpha = 2, beta = 4")
    m, S = t.unpack(t.call("posterior", X, y, 2.0, 4.0), ("m", "S"))
    rm, rS = ref_post(X, y, 2.0, 4.0)
    t.expect_close(S, rS, what="S", atol=1e-10)
    t.expect_close(m, rm, what="m", atol=1e-10, why="m = beta * S @ X.T @ y")


@check("no data: the posterior is the prior")
def no_data(t):
    X = np.zeros((0, 2))
    y = np.zeros(0)
    m, S = t.unpack(t.call("posterior", X, y, 4.0, 1.0), ("m", "S"))
    t.expect_close(m, np.zeros(2), what="m")
    t.expect_close(S, np.eye(2) / 4.0, what="S", why="the prior covariance is I / alpha")


@check("a weak prior and lots of data approach least squares")
def many(t):
    X, y, w = data(1, 2000, 4, noise=0.1)
    t.given("2000 points in 4-D, alpha = 1e-6, beta = 100")
    m, S = t.unpack(t.call("posterior", X, y, 1e-6, 100.0), ("m", "S"))
    t.expect_close(m, np.linalg.lstsq(X, y, rcond=None)[0], what="m", atol=1e-6)


@check("a strong prior pulls the weights towards 0")
def strong_prior(t):
    X, y, _ = data(2, 5, 2)
    t.given("5 points in 2-D, alpha = 1000, beta = 1")
    m, S = t.unpack(t.call("posterior", X, y, 1000.0, 1.0), ("m", "S"))
    rm, rS = ref_post(X, y, 1000.0, 1.0)
    t.expect_close(m, rm, what="m", atol=1e-10)
    t.expect_close(S, rS, what="S", atol=1e-12,
                   why="the prior precision is alpha * I (alpha is a precision, not a variance)")


@check("the predictive mean and variance at new inputs")
def predict(t):
    X, y, _ = data(3, 8, 2)
    m, S = ref_post(X, y, 1.0, 25.0)
    X_new = np.array([[0.0, 0.0], [1.0, -1.0], [10.0, 10.0]])
    t.given("a posterior from 8 points, beta = 25, at x = (0, 0), (1, -1), (10, 10)")
    mean, var = t.unpack(t.call("predictive", X_new, m, S, 25.0), ("mean", "var"))
    t.expect_close(mean, X_new @ m, what="mean", atol=1e-12)
    t.expect_close(var, 1 / 25.0 + np.einsum("ij,jk,ik->i", X_new, S, X_new), what="var",
                   atol=1e-12, why="the noise 1 / beta plus x^T S x")
