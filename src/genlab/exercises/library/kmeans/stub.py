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
    # your code here
    raise NotImplementedError("write this part")


def kmeans(X, init_centers, max_iters=100):
    """Lloyd's algorithm from ``init_centers`` (k, d): returns ``(centers, labels)``.

    Each round: assign every point to its nearest center; if the assignment is the same as
    in the previous round, stop; otherwise move every center to the mean of its points (a
    center that got no points stays where it is). Do at most ``max_iters`` rounds.
    ``labels`` is the last assignment; ``centers`` a new float array (do not modify
    ``init_centers``).
    """
    # your code here
    raise NotImplementedError("write this part")
