"""Checks for equalized-odds, against fairlearn."""

import numpy as np

from genlab.exercises.checks import check


def fl_eod(y_true, y_pred, groups):
    from fairlearn.metrics import equalized_odds_difference

    return float(equalized_odds_difference(y_true, y_pred, sensitive_features=groups))


def fl_rates(y_true, y_pred, groups):
    from fairlearn.metrics import MetricFrame, false_positive_rate, true_positive_rate

    frame = MetricFrame(metrics={"tpr": true_positive_rate, "fpr": false_positive_rate},
                        y_true=y_true, y_pred=y_pred, sensitive_features=groups)
    return {k: (float(row["tpr"]), float(row["fpr"])) for k, row in frame.by_group.iterrows()}


YT = np.array([1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1])
YP = np.array([1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0])
G = np.array(["x", "x", "x", "x", "y", "y", "y", "y", "z", "z", "z", "z"])


@check("true- and false-positive rates of three groups")
def rates(t):
    got = t.call("group_rates", YT, YP, G)
    want = fl_rates(YT, YP, G)
    t.expect(isinstance(got, dict), expected="a dict {group: (tpr, fpr)}",
             got=type(got).__name__)
    t.expect_equal(sorted(map(str, got)), sorted(want), what="the groups")
    for k in sorted(want):
        t.expect_close([float(v) for v in got[k]], list(want[k]),
                       what=f"(tpr, fpr) of group {k!r}",
                       why="tpr over the group's true positives, fpr over its true negatives")


@check("the equalized-odds difference of three groups")
def difference(t):
    t.expect_close(t.call("equalized_odds_difference", YT, YP, G), fl_eod(YT, YP, G),
                   atol=1e-12)


@check("a gap in false positives only still counts")
def fpr_gap(t):
    y_true = np.array([1, 0, 0, 1, 0, 0])
    y_pred = np.array([1, 1, 1, 1, 0, 0])
    g = np.array([0, 0, 0, 1, 1, 1])
    t.expect_close(t.call("equalized_odds_difference", y_true, y_pred, g), 1.0,
                   why="the larger of the TPR gap (0) and the FPR gap (1)")


@check("a perfect classifier has difference 0")
def perfect(t):
    y = np.array([1, 0, 1, 0, 1, 0])
    g = np.array(["a", "a", "b", "b", "c", "c"])
    t.expect_close(t.call("equalized_odds_difference", y, y.copy(), g), 0.0)


@check("a larger random population against fairlearn")
def random(t):
    rng = np.random.default_rng(1)
    g = rng.choice(["f", "m", "nb"], size=600, p=[0.45, 0.45, 0.1])
    y_true = (rng.random(600) < 0.4).astype(int)
    flip = rng.random(600) < np.where(g == "nb", 0.35, 0.15)
    y_pred = np.where(flip, 1 - y_true, y_true)
    t.given("600 people in 3 groups; the classifier errs more often on one group")
    t.expect_close(t.call("equalized_odds_difference", y_true, y_pred, g),
                   fl_eod(y_true, y_pred, g), atol=1e-12)
