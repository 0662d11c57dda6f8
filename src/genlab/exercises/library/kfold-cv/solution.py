"""Machine learning: k-fold cross-validation.

Scoring a model on the data it was trained on flatters it. k-fold cross-validation holds out
each of k parts of the data in turn, trains on the rest and scores on the part held out.

Check your work with:  genlab check kfold-cv
"""

import numpy as np


def kfold_indices(n, k):
    """Split 0..n-1 into ``k`` consecutive folds: a list of k ``(train_idx, test_idx)`` pairs.

    No shuffling. Every fold has n // k indices and the first n % k folds one more (like
    scikit-learn's ``KFold``). ``test_idx`` is the fold; ``train_idx`` all the other indices
    in increasing order; both int arrays. Raise ValueError unless 2 <= k <= n.
    """
    if k < 2 or k > n:
        raise ValueError(f"need 2 <= k <= n, got k={k}, n={n}")
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    idx = np.arange(n)
    folds = []
    start = 0
    for size in sizes:
        stop = start + size
        folds.append((np.concatenate([idx[:start], idx[stop:]]), idx[start:stop]))
        start = stop
    return folds


def cross_validate(fit, score, X, y, k):
    """The k scores of k-fold cross-validation, as a float array (k,).

    For each fold of ``kfold_indices(len(X), k)``: ``model = fit(X[train], y[train])``, then
    ``score(model, X[test], y[test])``.
    """
    scores = []
    for train, test in kfold_indices(len(X), k):
        model = fit(X[train], y[train])
        scores.append(float(score(model, X[test], y[test])))
    return np.array(scores)
