"""Checks for roc-auc, against scikit-learn."""

import numpy as np

from genlab.exercises.checks import check


def sk_curve(y, s):
    from sklearn.metrics import roc_curve

    fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
    return fpr, tpr


def sk_auc(y, s):
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, s))


Y = np.array([0, 0, 1, 1, 0, 1, 0, 1])
S = np.array([0.1, 0.4, 0.35, 0.8, 0.3, 0.9, 0.6, 0.55])


@check("the ROC curve of a small example")
def curve(t):
    fpr, tpr = t.unpack(t.call("roc_curve", Y, S), ("fpr", "tpr"))
    wf, wt = sk_curve(Y, S)
    t.expect_close(fpr, wf, what="fpr", why="start at (0, 0), one point per distinct score")
    t.expect_close(tpr, wt, what="tpr")


@check("the ROC curve with tied scores")
def curve_ties(t):
    y = np.array([1, 0, 1, 0, 1, 0])
    s = np.array([0.5, 0.5, 0.9, 0.2, 0.2, 0.7])
    fpr, tpr = t.unpack(t.call("roc_curve", y, s), ("fpr", "tpr"))
    wf, wt = sk_curve(y, s)
    t.expect_close(fpr, wf, what="fpr")
    t.expect_close(tpr, wt, what="tpr")


@check("the AUC of a small example")
def auc_small(t):
    t.expect_close(t.call("roc_auc", Y, S), sk_auc(Y, S), atol=1e-12)


@check("tied scores count one half")
def auc_ties(t):
    y = np.array([1, 0, 1, 0, 1, 0])
    s = np.array([0.5, 0.5, 0.9, 0.2, 0.2, 0.7])
    t.expect_close(t.call("roc_auc", y, s), sk_auc(y, s), atol=1e-12,
                   why="a positive and a negative with the same score count 1/2")


@check("a perfect ranking gives 1, a reversed one 0, constant scores 0.5")
def extremes(t):
    y = np.array([0, 0, 1, 1])
    t.expect_close(t.call("roc_auc", y, np.array([0.1, 0.2, 0.8, 0.9])), 1.0)
    t.expect_close(t.call("roc_auc", y, np.array([0.9, 0.8, 0.2, 0.1])), 0.0)
    t.expect_close(t.call("roc_auc", y, np.zeros(4)), 0.5)


@check("many random scores against scikit-learn")
def random(t):
    rng = np.random.default_rng(0)
    y = (rng.random(500) < 0.4).astype(int)
    s = np.round(rng.normal(size=500) + y, 1)
    t.given("500 samples, scores rounded to 0.1 (so with ties)")
    t.expect_close(t.call("roc_auc", y, s), sk_auc(y, s), atol=1e-12)


@check("only one class present raises ValueError")
def one_class(t):
    t.expect_raises(ValueError, "roc_auc", np.array([1, 1, 1]), np.array([0.2, 0.5, 0.9]))
