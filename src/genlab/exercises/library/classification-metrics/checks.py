"""Checks for classification-metrics, against scikit-learn."""

import warnings

import numpy as np

from genlab.exercises.checks import check

NAMES = ("precision", "recall", "f1")


def sk(y_true, y_pred):
    from sklearn.metrics import precision_recall_fscore_support

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary",
                                                     zero_division=0)
    return [float(p), float(r), float(f)]


def compare(t, y_true, y_pred):
    got = t.unpack(t.call("precision_recall_f1", y_true, y_pred), NAMES)
    want = sk(y_true, y_pred)
    for name, g, w in zip(NAMES, got, want):
        t.expect_close(g, w, what=name, atol=1e-12)


@check("confusion counts of a small example")
def counts(t):
    y_true = np.array([1, 1, 0, 0, 1, 0, 1])
    y_pred = np.array([1, 0, 0, 1, 1, 0, 0])
    got = t.call("confusion_counts", y_true, y_pred)
    t.expect_equal(tuple(int(v) for v in t.unpack(got, ("tp", "fp", "fn", "tn"))),
                   (2, 1, 2, 2), what="(tp, fp, fn, tn)")


@check("precision, recall and F1 of a small example")
def small(t):
    compare(t, np.array([1, 1, 0, 0, 1, 0, 1]), np.array([1, 0, 0, 1, 1, 0, 0]))


@check("a classifier with more false positives than false negatives")
def asymmetric(t):
    compare(t, np.array([1, 0, 0, 0, 0, 1, 0, 0]), np.array([1, 1, 1, 1, 0, 1, 0, 0]))


@check("random labels against scikit-learn")
def random(t):
    rng = np.random.default_rng(0)
    y_true = (rng.random(300) < 0.3).astype(int)
    y_pred = np.where(rng.random(300) < 0.8, y_true, 1 - y_true)
    t.given("300 random labels, predictions right 80% of the time")
    compare(t, y_true, y_pred)


@check("no predicted positives: precision and F1 are 0, not NaN")
def no_positive_predictions(t):
    compare(t, np.array([1, 0, 1, 0]), np.array([0, 0, 0, 0]))


@check("no positives at all: everything is 0")
def no_positives(t):
    compare(t, np.array([0, 0, 0]), np.array([0, 0, 0]))
