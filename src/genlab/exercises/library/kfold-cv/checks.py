"""Checks for kfold-cv, against scikit-learn's KFold."""

import numpy as np

from genlab.exercises.checks import check


def sk_folds(n, k):
    from sklearn.model_selection import KFold

    return list(KFold(n_splits=k).split(np.zeros((n, 1))))


def compare(t, n, k):
    got = t.call("kfold_indices", n, k)
    want = sk_folds(n, k)
    t.expect(isinstance(got, (list, tuple)) and len(got) == k,
             expected=f"a list of {k} (train, test) pairs",
             got=f"{type(got).__name__} of length {len(got) if hasattr(got, '__len__') else '?'}")
    for i, (pair, (wtrain, wtest)) in enumerate(zip(got, want)):
        train, test = t.unpack(pair, ("train_idx", "test_idx"))
        t.expect_equal(np.asarray(test).tolist(), wtest.tolist(), what=f"the test indices of fold {i}",
                       why="consecutive blocks; the first n % k folds are one longer")
        t.expect_equal(np.asarray(train).tolist(), wtrain.tolist(),
                       what=f"the training indices of fold {i}",
                       why="training = every index not in this fold, in order")


@check("10 samples in 5 folds")
def even(t):
    compare(t, 10, 5)


@check("11 samples in 3 folds: the first two folds are longer")
def uneven(t):
    compare(t, 11, 3)


@check("leave-one-out: k = n")
def loo(t):
    compare(t, 4, 4)


@check("k < 2 or k > n raises ValueError")
def bad_k(t):
    t.expect_raises(ValueError, "kfold_indices", 5, 1)
    t.expect_raises(ValueError, "kfold_indices", 3, 4)


@check("cross_validate trains on the training part and scores on the test part")
def cv(t):
    X = np.arange(14, dtype=float).reshape(7, 2)
    y = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0])
    seen = []

    def fit(Xtr, ytr):
        seen.append(sorted(ytr.tolist()))
        return float(ytr.mean())

    def score(model, Xte, yte):
        return float(np.mean((yte - model) ** 2))

    t.given("y = [1, ..., 7], a model that predicts the training mean, score = MSE, k = 3")
    got = t.call("cross_validate", fit, score, X, y, 3)
    want = []
    for train, test in sk_folds(7, 3):
        want.append(float(np.mean((y[test] - y[train].mean()) ** 2)))
    t.expect_close(got, np.array(want), what="the scores")
    t.expect_equal(seen, [sorted(y[tr].tolist()) for tr, _ in sk_folds(7, 3)],
                   what="the training targets fit() received")
