"""Checks for kmeans: against a reference implementation of the same algorithm."""

import numpy as np

from genlab.exercises.checks import check

NAMES = ("centers", "labels")


def ref_assign(X, C):
    return np.array([int(np.argmin([((x - c) ** 2).sum() for c in C])) for x in X])


def ref_kmeans(X, C, max_iters=100):
    C = np.array(C, dtype=float)
    labels = None
    for _ in range(max_iters):
        new = ref_assign(X, C)
        if labels is not None and (new == labels).all():
            break
        labels = new
        for j in range(len(C)):
            if (labels == j).any():
                C[j] = X[labels == j].mean(axis=0)
    return C, labels


def blobs(seed):
    rng = np.random.default_rng(seed)
    means = np.array([[0.0, 0.0], [5.0, 5.0], [0.0, 6.0]])
    return np.concatenate([rng.normal(m, 0.8, size=(30, 2)) for m in means])


@check("assign picks the nearest center, the lower index on a tie")
def assign_small(t):
    X = np.array([[0.0, 0.0], [4.0, 0.0], [2.0, 0.0], [10.0, 1.0]])
    C = np.array([[0.0, 0.0], [4.0, 0.0]])
    t.expect_equal(np.asarray(t.call("assign", X, C)).tolist(), [0, 1, 0, 1],
                   what="the labels")


@check("k-means on a 1-D example converges to the two group means")
def tiny(t):
    X = np.array([[1.0], [2.0], [3.0], [10.0], [11.0]])
    init = np.array([[1.0], [2.0]])
    C, labels = t.unpack(t.call("kmeans", X, init), NAMES)
    t.expect_close(C, np.array([[2.0], [10.5]]), what="centers")
    t.expect_equal(np.asarray(labels).tolist(), [0, 0, 0, 1, 1], what="labels")


@check("three blobs: same result as the reference algorithm")
def three_blobs(t):
    X = blobs(0)
    init = X[[0, 1, 2]]
    t.given("90 points in three blobs, starting from the first three points")
    C, labels = t.unpack(t.call("kmeans", X, init.copy()), NAMES)
    rC, rl = ref_kmeans(X, init)
    t.expect_close(C, rC, what="centers", atol=1e-9)
    t.expect_equal(np.asarray(labels).tolist(), rl.tolist(), what="labels")


@check("max_iters = 1: one assignment and one move")
def one_round(t):
    X = blobs(1)
    init = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    t.given("90 points in three blobs, init = [[1, 1], [2, 2], [3, 3]], max_iters = 1")
    C, labels = t.unpack(t.call("kmeans", X, init, max_iters=1), NAMES)
    rC, rl = ref_kmeans(X, init, max_iters=1)
    t.expect_close(C, rC, what="centers", atol=1e-9)
    t.expect_equal(np.asarray(labels).tolist(), rl.tolist(), what="labels")


@check("a center that gets no points stays where it is")
def empty_cluster(t):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [5.0, 5.0], [5.0, 6.0]])
    init = np.array([[0.0, 0.5], [5.0, 5.5], [100.0, 100.0]])
    C, labels = t.unpack(t.call("kmeans", X, init), NAMES)
    t.expect_close(C, np.array([[0.0, 0.5], [5.0, 5.5], [100.0, 100.0]]), what="centers",
                   why="the far-away center has no points: keep it instead of taking a mean")


@check("the initial centers passed in are left unchanged")
def init_unchanged(t):
    X = blobs(2)
    init = X[[0, 40, 80]].copy()
    before = init.copy()
    t.given("90 points in three blobs; init = three of the points")
    t.call("kmeans", X, init)
    t.expect_close(init, before, what="init_centers after the call", atol=0,
                   why="copy the centers before moving them")
