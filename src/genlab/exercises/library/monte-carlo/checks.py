"""Checks for monte-carlo."""

import numpy as np

from genlab.exercises.checks import check

NAMES = ("estimate", "standard_error")


@check("mean and standard error of a few samples")
def small(t):
    s = np.array([1.0, 2.0, 3.0, 6.0])
    est, se = t.unpack(t.call("mc_mean", s), NAMES)
    t.expect_close(est, 3.0, what="estimate")
    t.expect_close(se, float(np.std(s, ddof=1) / 2.0), what="standard_error",
                   why="sample std (ddof=1) divided by sqrt(n)")


@check("the standard error shrinks like 1 / sqrt(n)")
def shrink(t):
    s = np.random.default_rng(0).normal(size=40_000)
    t.given("40000 standard normal samples")
    est, se = t.unpack(t.call("mc_mean", s), NAMES)
    t.expect_close(se, float(s.std(ddof=1) / 200.0), what="standard_error", rtol=1e-9)


@check("pi from the points you drew")
def pi_exact(t):
    pts = np.random.default_rng(5).random((1000, 2))
    inside = 4.0 * ((pts ** 2).sum(axis=1) <= 1)
    t.given("n = 1000, rng = np.random.default_rng(5)")
    est, se = t.unpack(t.call("estimate_pi", 1000, np.random.default_rng(5)), NAMES)
    t.expect_close(est, float(inside.mean()), what="estimate", atol=1e-12)
    t.expect_close(se, float(inside.std(ddof=1) / np.sqrt(1000)), what="standard_error",
                   atol=1e-12)


@check("pi with many points lands within 3 standard errors")
def pi_many(t):
    t.given("n = 200000, rng = np.random.default_rng(9)")
    est, se = t.unpack(t.call("estimate_pi", 200_000, np.random.default_rng(9)), NAMES)
    t.expect(abs(float(est) - np.pi) < 3 * float(se) and float(se) < 0.01,
             expected="an estimate within 3 standard errors of 3.14159 and an error below 0.01",
             got=f"{float(est):.5f} +- {float(se):.5f}")


@check("the integral of x ** 2 over [0, 3] from the x you drew")
def integral(t):
    x = 3.0 * np.random.default_rng(2).random(500)
    vals = 3.0 * x ** 2
    t.given("f(x) = x ** 2, a = 0, b = 3, n = 500, rng = np.random.default_rng(2)")
    est, se = t.unpack(t.call("mc_integral", lambda v: v ** 2, 0.0, 3.0, 500,
                              np.random.default_rng(2)), NAMES)
    t.expect_close(est, float(vals.mean()), what="estimate", atol=1e-10)
    t.expect_close(se, float(vals.std(ddof=1) / np.sqrt(500)), what="standard_error", atol=1e-10)


@check("the integral of cos over [-1, 2] is close to sin(2) + sin(1)")
def integral_cos(t):
    t.given("f = np.cos, a = -1, b = 2, n = 100000")
    est, se = t.unpack(t.call("mc_integral", np.cos, -1.0, 2.0, 100_000,
                              np.random.default_rng(4)), NAMES)
    exact = float(np.sin(2.0) + np.sin(1.0))
    t.expect(abs(float(est) - exact) < 4 * float(se) + 1e-9,
             expected=f"about {exact:.4f}", got=f"{float(est):.4f} +- {float(se):.4f}")
