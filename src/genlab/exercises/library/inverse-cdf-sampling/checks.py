"""Checks for inverse-cdf-sampling."""

import numpy as np

from genlab.exercises.checks import check


@check("exponential samples are F^{-1}(u) for the u you drew")
def exp_exact(t):
    rng = np.random.default_rng(42)
    u = np.random.default_rng(42).random(6)
    t.given("rate = 2, n = 6, rng = np.random.default_rng(42)")
    got = t.call("sample_exponential", 2.0, 6, rng)
    t.expect_close(got, -np.log(1 - u) / 2.0, atol=1e-12,
                   why="x = -log(1 - u) / rate, using u = rng.random(n)")


@check("exponential samples have mean 1 / rate")
def exp_mean(t):
    rng = np.random.default_rng(0)
    t.given("rate = 0.5, n = 200000")
    got = np.asarray(t.call("sample_exponential", 0.5, 200_000, rng))
    t.expect(bool((got >= 0).all()), expected="only non-negative samples",
             got=f"a minimum of {got.min():.3g}")
    t.expect_close(float(got.mean()), 2.0, what="the sample mean", rtol=0.02, atol=0)


@check("n = 0 gives an empty array")
def exp_empty(t):
    got = t.call("sample_exponential", 1.0, 0, np.random.default_rng(1))
    t.expect_close(got, np.zeros(0))


@check("categorical samples follow the cumulative sums of the u you drew")
def cat_exact(t):
    probs = np.array([0.1, 0.6, 0.3])
    u = np.random.default_rng(7).random(10)
    want = np.searchsorted(np.cumsum(probs), u, side="right")
    t.given("probs = [0.1, 0.6, 0.3], n = 10, rng = np.random.default_rng(7)")
    got = t.call("sample_categorical", probs, 10, np.random.default_rng(7))
    t.expect_equal(np.asarray(got).tolist(), want.tolist(), what="the indices")


@check("a category of probability 0 never comes out; frequencies match")
def cat_zero(t):
    probs = np.array([0.25, 0.0, 0.5, 0.0, 0.25])
    t.given("probs = [0.25, 0, 0.5, 0, 0.25], n = 100000")
    got = np.asarray(t.call("sample_categorical", probs, 100_000, np.random.default_rng(3)))
    counts = np.bincount(got, minlength=5)[:5]
    t.expect(counts[1] == 0 and counts[3] == 0, expected="no sample of category 1 or 3",
             got=f"counts per category {counts.tolist()}")
    t.expect_close(counts / len(got), probs, what="the frequencies", atol=0.01)


@check("a single category always comes out as 0")
def cat_single(t):
    got = t.call("sample_categorical", np.array([1.0]), 5, np.random.default_rng(0))
    t.expect_equal(np.asarray(got).tolist(), [0] * 5, what="the indices")
