"""Checks for pca-svd. The reference uses the eigenvectors of the covariance matrix, a
different route to the same answer."""

import numpy as np

from genlab.exercises.checks import check

NAMES = ("components", "explained_variance_ratio", "projected")


def reference(X, k):
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    vals, vecs = np.linalg.eigh(Xc.T @ Xc)
    order = np.argsort(vals)[::-1]
    vals, vecs = vals[order], vecs[:, order]
    C = vecs[:, :k].T
    C = C * np.sign(C[np.arange(k), np.argmax(np.abs(C), axis=1)])[:, None]
    return C, np.clip(vals[:k], 0, None) / vals.clip(0).sum(), Xc @ C.T


def data(seed, n, d, offset=5.0):
    rng = np.random.default_rng(seed)
    scales = np.linspace(3.0, 0.2, d)
    mix = np.linalg.qr(rng.normal(size=(d, d)))[0]
    return (rng.normal(size=(n, d)) * scales) @ mix + offset


def compare(t, got, X, k):
    C, r, P = t.unpack(got, NAMES)
    wC, wr, wP = reference(X, k)
    t.expect_close(C, wC, what="components", atol=1e-6,
                   why="rows of Vt from the SVD of the *centred* data, signs fixed by the rule")
    t.expect_close(r, wr, what="explained_variance_ratio", atol=1e-8)
    t.expect_close(P, wP, what="projected", atol=1e-6)


@check("two components of 3-D data with a large mean")
def basic(t):
    X = data(1, 40, 3)
    t.given("X = 40 points in 3-D, centred at (5, 5, 5), k = 2")
    compare(t, t.call("pca", X, 2), X, 2)


@check("k = 1 on 2-D points along a line")
def on_a_line(t):
    rng = np.random.default_rng(2)
    s = rng.normal(size=30)
    X = np.stack([2 * s + 1, -s + 3], axis=1) + rng.normal(scale=0.01, size=(30, 2))
    t.given("X = 30 points near the line through (1, 3) with direction (2, -1), k = 1")
    compare(t, t.call("pca", X, 1), X, 1)


@check("all components (k = d): the ratios add up to 1")
def all_components(t):
    X = data(3, 25, 4, offset=-2.0)
    t.given("X = 25 points in 4-D, k = 4")
    got = t.call("pca", X, 4)
    compare(t, got, X, 4)
    t.expect_close(float(np.sum(got[1])), 1.0, what="sum of the ratios", atol=1e-9)


@check("fewer samples than features (n < d)")
def wide(t):
    X = data(4, 5, 8)
    t.given("X = 5 points in 8-D, k = 3")
    compare(t, t.call("pca", X, 3), X, 3)


@check("components are orthonormal rows")
def orthonormal(t):
    X = data(5, 60, 6)
    t.given("X = 60 points in 6-D, k = 3")
    C, _, _ = t.unpack(t.call("pca", X, 3), NAMES)
    C = np.asarray(C)
    t.expect_close(C @ C.T, np.eye(3), what="components @ components.T", atol=1e-9)
