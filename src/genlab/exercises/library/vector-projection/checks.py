"""Checks for vector-projection."""

import numpy as np

from genlab.exercises.checks import check


def ref_P(B):
    B = np.asarray(B, dtype=float)
    B = B[:, None] if B.ndim == 1 else B
    Q, _ = np.linalg.qr(B)
    return Q @ Q.T


@check("projects onto an orthonormal basis (the coordinate plane)")
def orthonormal(t):
    B = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    v = np.array([3.0, -2.0, 5.0])
    t.expect_close(t.call("project", v, B), np.array([3.0, -2.0, 0.0]))


@check("projects onto a basis whose columns are not orthogonal or unit length")
def skewed(t):
    B = np.array([[1.0, 1.0], [0.0, 2.0], [1.0, 0.0]])
    v = np.array([1.0, 2.0, 3.0])
    t.expect_close(t.call("project", v, B), ref_P(B) @ v, atol=1e-9,
                   why="v - p must be orthogonal to every column of the basis")


@check("projects onto a single direction given as a 1-D array")
def one_direction(t):
    u = np.array([2.0, 0.0, 0.0, 0.0])
    v = np.array([1.0, 5.0, -1.0, 2.0])
    t.expect_close(t.call("project", v, u), np.array([1.0, 0.0, 0.0, 0.0]), atol=1e-9)


@check("a vector already in the subspace comes back unchanged; an orthogonal one gives 0")
def fixed_points(t):
    B = np.array([[1.0, 2.0], [1.0, -1.0], [0.0, 3.0]])
    inside = B @ np.array([0.5, -2.0])
    t.expect_close(t.call("project", inside, B), inside, atol=1e-9)
    normal = np.cross(B[:, 0], B[:, 1])
    t.expect_close(t.call("project", normal, B), np.zeros(3), atol=1e-9)


@check("the projection matrix is symmetric, idempotent and the right one")
def matrix(t):
    rng = np.random.default_rng(11)
    B = rng.normal(size=(6, 3)) * np.array([1.0, 4.0, 0.3])
    P = t.call("projection_matrix", B)
    t.expect_close(P, ref_P(B), atol=1e-8)
    P = np.asarray(P)
    t.expect_close(P @ P, P, what="P @ P", atol=1e-8)
