"""Checks for entropy, against scipy.stats.entropy."""

import math

import numpy as np
from scipy.stats import entropy as sp_entropy

from genlab.exercises.checks import check


@check("a fair coin has 1 bit; a fair 8-sided die 3 bits")
def uniform(t):
    t.expect_close(t.call("entropy", np.array([0.5, 0.5])), 1.0)
    t.expect_close(t.call("entropy", np.full(8, 1 / 8)), 3.0)


@check("a certain outcome has entropy 0 (0 log 0 counts as 0)")
def certain(t):
    t.expect_close(t.call("entropy", np.array([0.0, 1.0, 0.0])), 0.0,
                   why="skip the zero probabilities: 0 * log(0) is nan in numpy")


@check("a skewed distribution, in bits and in nats")
def skewed(t):
    p = np.array([0.7, 0.2, 0.1, 0.0])
    t.expect_close(t.call("entropy", p), float(sp_entropy(p, base=2)), atol=1e-12)
    t.expect_close(t.call("entropy", p, math.e), float(sp_entropy(p)), atol=1e-12,
                   why="divide the natural log by log(base)")


@check("cross-entropy equals entropy when q = p, and is larger otherwise")
def cross_same(t):
    p = np.array([0.25, 0.25, 0.5])
    t.expect_close(t.call("cross_entropy", p, p), 1.5, atol=1e-12)
    q = np.array([0.5, 0.25, 0.25])
    want = float(sp_entropy(p, base=2) + sp_entropy(p, q, base=2))
    t.expect_close(t.call("cross_entropy", p, q), want, atol=1e-12,
                   why="H(p, q) = -sum p log q: p weights, q inside the log")


@check("cross-entropy is infinite when q misses an outcome p can produce")
def cross_inf(t):
    got = t.call("cross_entropy", np.array([0.5, 0.5, 0.0]), np.array([1.0, 0.0, 0.0]))
    t.expect(got == float("inf"), expected="float('inf')", got=repr(got))
    got = t.call("cross_entropy", np.array([1.0, 0.0]), np.array([0.6, 0.0]))
    t.expect_close(got, -math.log2(0.6), atol=1e-12,
                   why="a zero in q is harmless where p is zero too")


@check("random distributions against scipy")
def random(t):
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(10))
    q = rng.dirichlet(np.ones(10))
    t.given("two random distributions over 10 outcomes, base e")
    t.expect_close(t.call("entropy", p, math.e), float(sp_entropy(p)), atol=1e-12)
    want = float(sp_entropy(p) + sp_entropy(p, q))
    t.expect_close(t.call("cross_entropy", p, q, math.e), want, atol=1e-12)
