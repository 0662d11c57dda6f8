"""Checks for logistic-regression-gd: against a reference gradient descent."""

import warnings

import numpy as np

from genlab.exercises.checks import check


def ref_sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1 + ez)
    return out


def ref_fit(X, y, lr, steps, l2):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(steps):
        p = ref_sigmoid(X @ w + b)
        gw = X.T @ (p - y) / n + l2 * w
        gb = (p - y).mean()
        w, b = w - lr * gw, b - lr * gb
    return w, b


def blobs(seed, n=80):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.5).astype(float)
    X = rng.normal(size=(n, 2)) + np.where(y[:, None] == 1, 1.5, -1.0)
    return X, y


@check("sigmoid of a few values, including very large ones, without warnings")
def sig(t):
    z = np.array([-1000.0, -5.0, 0.0, 2.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = t.call("sigmoid", z)
    t.expect_close(got, ref_sigmoid(z), atol=1e-12, rtol=1e-9)


@check("one step from zero matches the gradient by hand")
def one_step(t):
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0]])
    y = np.array([1.0, 0.0, 1.0])
    # at w = 0, b = 0 every p is 0.5
    gw = X.T @ (0.5 - y) / 3
    gb = float(np.mean(0.5 - y))
    t.given("X = [[1, 2], [-1, 0.5], [0, -1]], y = [1, 0, 1], lr = 0.5, steps = 1")
    w, b = t.unpack(t.call("fit_logistic", X, y, lr=0.5, steps=1), ("w", "b"))
    t.expect_close(w, -0.5 * gw, what="w", atol=1e-12,
                   why="at zero every p is 0.5; grad_w = X.T @ (p - y) / n, and descend")
    t.expect_close(b, -0.5 * gb, what="b", atol=1e-12)


@check("300 steps on two blobs follow the reference descent")
def trajectory(t):
    X, y = blobs(0)
    t.given("80 points in two overlapping blobs, lr = 0.3, steps = 300")
    w, b = t.unpack(t.call("fit_logistic", X, y, lr=0.3, steps=300), ("w", "b"))
    rw, rb = ref_fit(X, y, 0.3, 300, 0.0)
    t.expect_close(w, rw, what="w", atol=1e-8)
    t.expect_close(b, rb, what="b", atol=1e-8)


@check("the L2 penalty shrinks w and leaves b unpenalised")
def penalty(t):
    X, y = blobs(1)
    t.given("80 points in two blobs, lr = 0.3, steps = 200, l2 = 0.5")
    w, b = t.unpack(t.call("fit_logistic", X, y, lr=0.3, steps=200, l2=0.5), ("w", "b"))
    rw, rb = ref_fit(X, y, 0.3, 200, 0.5)
    t.expect_close(w, rw, what="w", atol=1e-8)
    t.expect_close(b, rb, what="b", atol=1e-8)


@check("integer labels and the fitted model classifies separable data well")
def accuracy(t):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(200, 3))
    y = (X @ np.array([2.0, -1.0, 0.5]) + 0.3 > 0).astype(int)
    t.given("200 linearly separable points with integer labels, lr = 0.5, steps = 500")
    w, b = t.unpack(t.call("fit_logistic", X, y, lr=0.5, steps=500), ("w", "b"))
    p = np.asarray(t.call("predict_proba", X, w, b))
    t.expect_close(p, ref_sigmoid(X @ np.asarray(w) + float(b)), what="predict_proba(X)")
    acc = float(((p > 0.5) == (y == 1)).mean())
    t.expect(acc >= 0.95, expected="training accuracy of at least 0.95", got=f"{acc:.2f}")
