"""Checks for kl-divergence, against scipy and a numerical integral."""

import numpy as np
from scipy.stats import entropy as sp_entropy

from genlab.exercises.checks import check


def numeric_kl(mu1, v1, mu2, v2):
    s1 = np.sqrt(v1)
    x = np.linspace(mu1 - 12 * s1, mu1 + 12 * s1, 200001)
    logp = -0.5 * np.log(2 * np.pi * v1) - (x - mu1) ** 2 / (2 * v1)
    logq = -0.5 * np.log(2 * np.pi * v2) - (x - mu2) ** 2 / (2 * v2)
    integrate = getattr(np, "trapezoid", None) or np.trapz  # numpy 2 renamed it
    return float(integrate(np.exp(logp) * (logp - logq), x))


@check("KL of a distribution to itself is 0")
def same(t):
    p = np.array([0.2, 0.3, 0.5])
    t.expect_close(t.call("kl_divergence", p, p), 0.0, atol=1e-12)


@check("KL is not symmetric: p weights the sum")
def asymmetric(t):
    p = np.array([0.9, 0.1])
    q = np.array([0.5, 0.5])
    t.expect_close(t.call("kl_divergence", p, q), float(sp_entropy(p, q)), atol=1e-12,
                   why="KL(p || q) = sum p log(p / q)")
    t.expect_close(t.call("kl_divergence", q, p), float(sp_entropy(q, p)), atol=1e-12)


@check("zeros: in p they are skipped, in q they make KL infinite")
def zeros(t):
    t.expect_close(t.call("kl_divergence", np.array([0.0, 0.5, 0.5]), np.array([0.2, 0.4, 0.4])),
                   float(np.log(1.25)), atol=1e-12)
    got = t.call("kl_divergence", np.array([0.5, 0.5]), np.array([1.0, 0.0]))
    t.expect(got == float("inf"), expected="float('inf')", got=repr(got))


@check("random distributions against scipy")
def random(t):
    rng = np.random.default_rng(0)
    for _ in range(3):
        p = rng.dirichlet(np.ones(12))
        q = rng.dirichlet(np.ones(12))
        t.given("two random distributions over 12 outcomes")
        t.expect_close(t.call("kl_divergence", p, q), float(sp_entropy(p, q)), atol=1e-12)


@check("Gaussians: 0 for identical ones, and the mean term alone")
def gauss_simple(t):
    t.expect_close(t.call("kl_gaussians", 1.0, 2.0, 1.0, 2.0), 0.0, atol=1e-12)
    t.expect_close(t.call("kl_gaussians", 0.0, 1.0, 2.0, 1.0), 2.0, atol=1e-12,
                   why="with equal variances KL = (mu1 - mu2) ** 2 / (2 var)")


@check("Gaussians with different variances, against a numerical integral")
def gauss_numeric(t):
    for args in [(0.0, 1.0, 0.0, 4.0), (1.0, 0.25, -0.5, 2.0), (3.0, 9.0, 0.0, 1.0)]:
        t.given(f"mu1, var1, mu2, var2 = {args}")
        t.expect_close(t.call("kl_gaussians", *args), numeric_kl(*args), atol=1e-6)
