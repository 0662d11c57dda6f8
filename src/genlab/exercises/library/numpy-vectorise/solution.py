"""Vectorise a loop with NumPy: standardise the columns of a table.

Looping over the entries of an array in Python is slow; NumPy does the same arithmetic on
whole rows and columns at once. Write `standardize_columns` with array operations only:
no `for` or `while` loop, no comprehension.

Check your work with:  genlab check numpy-vectorise
"""

import numpy as np


def standardize_columns(X):
    """Return a new array where every column of ``X`` (shape (n, d)) is standardised.

    Column j becomes ``(X[:, j] - mean_j) / std_j`` where ``mean_j`` and ``std_j`` are that
    column's mean and *population* standard deviation (dividing by n, NumPy's default).
    A column whose standard deviation is 0 (all its values equal) becomes all zeros.
    ``X`` may hold integers; the result is a float array of the same shape, and ``X``
    itself must not change.

    Example: [[1, 10], [3, 10]]  ->  [[-1., 0.], [1., 0.]]
    """
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    safe = np.where(std > 0, std, 1.0)
    return np.where(std > 0, (X - mean) / safe, 0.0)
