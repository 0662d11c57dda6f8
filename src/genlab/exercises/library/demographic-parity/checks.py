"""Checks for demographic-parity, against fairlearn."""

import numpy as np

from genlab.exercises.checks import check


def fl_rates(y_pred, groups):
    from fairlearn.metrics import MetricFrame, selection_rate

    frame = MetricFrame(metrics=selection_rate, y_true=y_pred, y_pred=y_pred,
                        sensitive_features=groups)
    return {k: float(v) for k, v in frame.by_group.items()}


def fl_dpd(y_pred, groups):
    from fairlearn.metrics import demographic_parity_difference

    return float(demographic_parity_difference(y_pred, y_pred, sensitive_features=groups))


Y = np.array([1, 0, 1, 1, 0, 0, 1, 0, 0, 1])
G = np.array(["a", "a", "a", "b", "b", "b", "b", "c", "c", "c"])


@check("selection rates of three groups")
def rates(t):
    got = t.call("selection_rates", Y, G)
    want = fl_rates(Y, G)
    t.expect(isinstance(got, dict), expected="a dict {group: rate}", got=type(got).__name__)
    t.expect_equal(sorted(map(str, got)), sorted(want), what="the groups")
    t.expect_close([float(got[k]) for k in sorted(got, key=str)],
                   [want[k] for k in sorted(want)], what="the rates, by group name",
                   why="a group's rate is the mean of y_pred over that group's samples only")


@check("the demographic parity difference of three groups")
def difference(t):
    t.expect_close(t.call("demographic_parity_difference", Y, G), fl_dpd(Y, G), atol=1e-12,
                   why="max rate - min rate over every group")


@check("equal rates give 0")
def parity(t):
    y = np.array([1, 0, 1, 0])
    g = np.array([0, 0, 1, 1])
    t.expect_close(t.call("demographic_parity_difference", y, g), 0.0)


@check("integer group labels and a group of one")
def integers(t):
    y = np.array([1, 1, 0, 0, 1, 0, 1])
    g = np.array([2, 2, 2, 7, 7, 7, 9])
    t.expect_close(t.call("demographic_parity_difference", y, g), fl_dpd(y, g), atol=1e-12)


@check("a larger random population against fairlearn")
def random(t):
    rng = np.random.default_rng(0)
    g = rng.choice(["18-30", "31-50", "51+", "unknown"], size=400, p=[0.4, 0.3, 0.2, 0.1])
    y = (rng.random(400) < np.select([g == "18-30", g == "31-50", g == "51+"],
                                      [0.6, 0.5, 0.3], 0.45)).astype(int)
    t.given("400 people in 4 age bands with different selection probabilities")
    t.expect_close(t.call("demographic_parity_difference", y, g), fl_dpd(y, g), atol=1e-12)
