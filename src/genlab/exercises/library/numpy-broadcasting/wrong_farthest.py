# Plausible mistake: takes the largest distance instead of the smallest
"""Broadcasting: compute all pairwise squared distances without a loop.

When two arrays with different shapes meet in an arithmetic operation, NumPy stretches every
axis of length 1 to match the other array. Lining up the axes of two point sets this way
gives every pair of points at once.

Check your work with:  genlab check numpy-broadcasting
"""

import numpy as np


def pairwise_sq_distances(A, B):
    """Squared Euclidean distances between every row of ``A`` and every row of ``B``.

    ``A`` has shape (n, d) and ``B`` shape (m, d). Return ``D`` of shape (n, m) with
    ``D[i, j] = sum_k (A[i, k] - B[j, k]) ** 2``. Use broadcasting, no Python loop. It must
    also work when n or m is 1, or 0 (then D has a 0 in its shape).
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    diff = A[:, None, :] - B[None, :, :]
    return (diff ** 2).sum(axis=-1)


def nearest_rows(A, B):
    """For each row of ``A``, the index of the closest row of ``B`` (an int array of shape (n,)).

    On a tie, the smallest index wins. ``B`` has at least one row.
    """
    return np.argmax(pairwise_sq_distances(A, B), axis=1)
