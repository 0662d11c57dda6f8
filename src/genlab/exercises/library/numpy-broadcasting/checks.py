"""Checks for numpy-broadcasting."""

import numpy as np

from genlab.exercises.checks import check


def reference(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    D = np.zeros((len(A), len(B)))
    for i in range(len(A)):
        for j in range(len(B)):
            D[i, j] = float(((A[i] - B[j]) ** 2).sum())
    return D


@check("distances between two small point sets")
def small(t):
    A = np.array([[0.0, 0.0], [1.0, 2.0]])
    B = np.array([[0.0, 1.0], [3.0, 4.0], [1.0, 2.0]])
    t.expect_close(t.call("pairwise_sq_distances", A, B), reference(A, B))


@check("n and m differ: the result has shape (n, m)")
def rectangular(t):
    rng = np.random.default_rng(3)
    A = rng.normal(size=(7, 3))
    B = rng.normal(size=(4, 3))
    t.expect_close(t.call("pairwise_sq_distances", A, B), reference(A, B), atol=1e-9)


@check("one-dimensional points (d = 1) and a single point in A")
def one_dim(t):
    A = np.array([[2.0]])
    B = np.array([[0.0], [2.0], [-1.0]])
    t.expect_close(t.call("pairwise_sq_distances", A, B), np.array([[4.0, 0.0, 9.0]]))


@check("an empty B gives an (n, 0) result")
def empty(t):
    A = np.ones((3, 2))
    B = np.zeros((0, 2))
    t.expect_close(t.call("pairwise_sq_distances", A, B), np.zeros((3, 0)))


@check("the distance of a point set to itself is 0 on the diagonal")
def self_distance(t):
    rng = np.random.default_rng(4)
    A = rng.normal(size=(6, 5)) * 100
    got = t.call("pairwise_sq_distances", A, A)
    t.expect_close(got, reference(A, A), rtol=1e-9, atol=1e-6)


@check("nearest_rows picks the closest row of B, the first one on a tie")
def nearest(t):
    A = np.array([[0.0, 0.0], [5.0, 5.0], [1.0, 0.0]])
    B = np.array([[1.0, 1.0], [4.0, 4.0], [-1.0, 1.0], [2.0, 0.0]])
    got = t.call("nearest_rows", A, B)
    t.expect_equal(np.asarray(got).tolist(), [0, 1, 0], what="the indices")


@check("nearest_rows on random points matches a brute-force search")
def nearest_random(t):
    rng = np.random.default_rng(5)
    A = rng.normal(size=(20, 3))
    B = rng.normal(size=(9, 3))
    got = t.call("nearest_rows", A, B)
    t.expect_equal(np.asarray(got).tolist(), np.argmin(reference(A, B), axis=1).tolist(),
                   what="the indices")
