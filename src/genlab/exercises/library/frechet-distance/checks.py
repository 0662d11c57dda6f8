"""Checks for frechet-distance: closed-form cases, then scipy's sqrtm on random features."""

import numpy as np
from scipy import linalg

from genlab.exercises.checks import check


def reference(a, b):
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.atleast_2d(np.cov(a, rowvar=False)), np.atleast_2d(np.cov(b, rowvar=False))
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1 + s2 - 2 * linalg.sqrtm(s1 @ s2).real))


@check("a set against itself is at distance 0")
def same(t):
    x = np.random.default_rng(0).normal(size=(200, 4))
    t.given("the same 200 x 4 random features twice")
    t.expect_close(t.call("frechet_distance", x, x), 0.0, atol=1e-6)


@check("shifting every feature by 3 adds 3^2 per dimension")
def shifted(t):
    x = np.random.default_rng(1).normal(size=(300, 2))
    t.given("300 x 2 random features, and the same plus 3")
    t.expect_close(t.call("frechet_distance", x, x + 3.0), 18.0, atol=1e-6,
                   why="the mean term is the squared distance ||mu1 - mu2||^2: 2 dimensions x 3^2")


@check("the covariance term: N(0, 1) against N(0, 4) in one dimension is (2 - 1)^2 = 1")
def scaled(t):
    x = np.random.default_rng(2).normal(size=(5000, 1))
    x = (x - x.mean()) / x.std(ddof=1)
    t.given("5000 standardised values, and the same times 2")
    t.expect_close(t.call("frechet_distance", x, 2 * x), 1.0, atol=1e-6,
                   why="trace(S1 + S2 - 2 sqrt(S1 S2)) = 1 + 4 - 2 * 2 = 1")


@check("correlated random features against scipy's matrix square root")
def random(t):
    rng = np.random.default_rng(3)
    a = rng.normal(size=(400, 6)) @ rng.normal(size=(6, 6))
    b = rng.normal(size=(300, 6)) @ rng.normal(size=(6, 6)) + 0.5
    t.given("400 x 6 and 300 x 6 correlated random features")
    got = t.call("frechet_distance", a, b)
    t.expect(isinstance(got, float), expected="a Python float", got=type(got).__name__,
             why="take .real of sqrtm's result and return float(...)")
    t.expect_close(got, reference(a, b), rtol=1e-6, atol=1e-6)
