"""Checks for beta-binomial, against scipy.stats.beta."""

from scipy import stats

from genlab.exercises.checks import check


@check("a uniform prior and 7 successes in 10 trials")
def update(t):
    got = t.unpack(t.call("beta_binomial_update", 1, 1, 7, 10), ("alpha", "beta"))
    t.expect_close(list(map(float, got)), [8.0, 4.0], what="(alpha, beta)",
                   why="alpha counts successes, beta failures (trials - successes)")


@check("two updates in a row equal one update with all the data")
def sequential(t):
    a, b = t.unpack(t.call("beta_binomial_update", 2.0, 3.0, 4, 9), ("alpha", "beta"))
    a, b = t.unpack(t.call("beta_binomial_update", a, b, 1, 6), ("alpha", "beta"))
    t.given("Beta(2, 3), then 4 of 9, then 1 of 6")
    t.expect_close([float(a), float(b)], [7.0, 13.0], what="(alpha, beta)")


@check("no data leaves the prior; impossible counts raise ValueError")
def edges(t):
    got = t.unpack(t.call("beta_binomial_update", 0.5, 0.5, 0, 0), ("alpha", "beta"))
    t.expect_close(list(map(float, got)), [0.5, 0.5], what="(alpha, beta)")
    t.expect_raises(ValueError, "beta_binomial_update", 1, 1, 5, 3)
    t.expect_raises(ValueError, "beta_binomial_update", 1, 1, -1, 3)


@check("mean and variance of a few Beta distributions")
def moments(t):
    for a, b in [(1.0, 1.0), (8.0, 4.0), (0.5, 20.0)]:
        mean, var = t.unpack(t.call("beta_mean_var", a, b), ("mean", "variance"))
        t.expect_close(mean, float(stats.beta.mean(a, b)), what="the mean", atol=1e-12)
        t.expect_close(var, float(stats.beta.var(a, b)), what="the variance", atol=1e-12)


@check("the 95% credible interval")
def interval95(t):
    low, high = t.unpack(t.call("credible_interval", 8.0, 4.0), ("low", "high"))
    w_low, w_high = stats.beta.ppf([0.025, 0.975], 8.0, 4.0)
    t.expect_close(low, float(w_low), what="low", atol=1e-9,
                   why="each tail holds (1 - level) / 2")
    t.expect_close(high, float(w_high), what="high", atol=1e-9)


@check("a 50% interval of a skewed posterior")
def interval50(t):
    low, high = t.unpack(t.call("credible_interval", 2.0, 30.0, 0.5), ("low", "high"))
    w_low, w_high = stats.beta.ppf([0.25, 0.75], 2.0, 30.0)
    t.expect_close([float(low), float(high)], [float(w_low), float(w_high)],
                   what="(low, high)", atol=1e-9)
