"""Checks for gaussian-mle."""

import math

import numpy as np

from genlab.exercises.checks import check


def ll(x, mu, s2):
    return sum(-0.5 * math.log(2 * math.pi * s2) - (v - mu) ** 2 / (2 * s2) for v in x)


@check("the estimates for a few samples")
def small(t):
    x = np.array([1.0, 2.0, 4.0, 5.0])
    mu, s2 = t.unpack(t.call("gaussian_mle", x), ("mu", "sigma2"))
    t.expect_close(mu, 3.0, what="mu")
    t.expect_close(s2, 2.5, what="sigma2", why="the MLE divides by n, not n - 1")


@check("a single sample: the variance estimate is 0")
def single(t):
    mu, s2 = t.unpack(t.call("gaussian_mle", np.array([7.5])), ("mu", "sigma2"))
    t.expect_close(mu, 7.5, what="mu")
    t.expect_close(s2, 0.0, what="sigma2")


@check("many samples recover the true parameters")
def many(t):
    x = np.random.default_rng(0).normal(-1.0, 3.0, size=100_000)
    t.given("100000 samples of N(-1, 9)")
    mu, s2 = t.unpack(t.call("gaussian_mle", x), ("mu", "sigma2"))
    t.expect_close(mu, float(x.mean()), what="mu", atol=1e-9)
    t.expect_close(s2, float(x.var()), what="sigma2", rtol=1e-9)


@check("the log-likelihood of a few points")
def loglik(t):
    x = np.array([0.5, -1.0, 2.0])
    t.expect_close(t.call("gaussian_log_likelihood", x, 0.3, 1.7), ll(x, 0.3, 1.7), atol=1e-9)


@check("the log-likelihood with a tiny variance")
def loglik_narrow(t):
    x = np.array([1.0, 1.001])
    t.expect_close(t.call("gaussian_log_likelihood", x, 1.0, 1e-6), ll(x, 1.0, 1e-6),
                   rtol=1e-9)


@check("the MLE maximises the log-likelihood")
def is_max(t):
    x = np.random.default_rng(1).normal(2.0, 0.5, size=50)
    t.given("50 samples of N(2, 0.25): log-likelihood at your MLE vs nearby parameters")
    mu, s2 = t.unpack(t.call("gaussian_mle", x), ("mu", "sigma2"))
    best = ll(x, float(mu), float(s2))
    for dmu, ds in [(0.01, 1.0), (-0.01, 1.0), (0.0, 1.05), (0.0, 0.95)]:
        other = ll(x, float(mu) + dmu, float(s2) * ds)
        t.expect(best >= other, expected="no higher log-likelihood near your estimate",
                 got=f"{other:.6f} at mu{dmu:+} and sigma2 x {ds}, above {best:.6f}")
