# Plausible mistake: takes the mean of an empty cluster, giving NaN
"""Machine learning: k-means clustering with Lloyd's algorithm.

k-means looks for k centers that minimise the squared distance of every point to its nearest
center. Lloyd's algorithm alternates two steps that each lower that cost, so it always stops.

Check your work with:  genlab check kmeans
"""

import numpy as np


def assign(X, centers):
    """The index of the nearest center for every row of ``X``: an int array (n,).

    ``X`` is (n, d), ``centers`` (k, d); distances are Euclidean; on a tie the lower index.
    """
    X = np.asarray(X, dtype=float)
    centers = np.asarray(centers, dtype=float)
    d2 = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=-1)
    return np.argmin(d2, axis=1)


def kmeans(X, init_centers, max_iters=100):
    """Lloyd's algorithm from ``init_centers`` (k, d): returns ``(centers, labels)``.

    Each round: assign every point to its nearest center; if the assignment is the same as
    in the previous round, stop; otherwise move every center to the mean of its points (a
    center that got no points stays where it is). Do at most ``max_iters`` rounds.
    ``labels`` is the last assignment; ``centers`` a new float array (do not modify
    ``init_centers``).
    """
    X = np.asarray(X, dtype=float)
    centers = np.array(init_centers, dtype=float)
    labels = None
    for _ in range(max_iters):
        new = assign(X, centers)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for j in range(len(centers)):
            members = X[labels == j]
            centers[j] = members.mean(axis=0)
    return centers, labels
