"""Checks for mlp-backprop: every gradient against central differences of the loss."""

import numpy as np

from genlab.exercises.checks import check

NAMES = ("W1", "b1", "W2", "b2")


def loss_of(x, y, p):
    hidden = np.tanh(x @ p["W1"] + p["b1"])
    return float(np.mean((hidden @ p["W2"] + p["b2"] - y) ** 2))


def numeric_grads(x, y, p, eps=1e-6):
    grads = {}
    for name in NAMES:
        g = np.zeros_like(p[name])
        for i in np.ndindex(p[name].shape):
            old = p[name][i]
            p[name][i] = old + eps
            up = loss_of(x, y, p)
            p[name][i] = old - eps
            down = loss_of(x, y, p)
            p[name][i] = old
            g[i] = (up - down) / (2 * eps)
        grads[name] = g
    return grads


def problem(seed, n, d, h, o):
    rng = np.random.default_rng(seed)
    p = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h) * 0.5,
         "W2": rng.normal(size=(h, o)), "b2": rng.normal(size=o) * 0.5}
    return rng.normal(size=(n, d)), rng.normal(size=(n, o)), p


def compare(t, seed, n, d, h, o):
    x, y, p = problem(seed, n, d, h, o)
    t.given(f"a random network with n={n} samples, d={d} inputs, h={h} hidden units, "
            f"o={o} outputs (seed {seed})")
    got = t.call("mlp_loss_and_grads", x, y, *(p[k].copy() for k in NAMES))
    loss, grads = t.unpack(got, ("loss", "grads"))
    t.expect_close(loss, loss_of(x, y, p), what="the loss", atol=1e-10)
    t.expect(isinstance(grads, dict) and set(grads) >= set(NAMES),
             expected='a dict with keys "W1", "b1", "W2", "b2"',
             got=f"{type(grads).__name__} with keys {sorted(grads) if isinstance(grads, dict) else '-'}")
    want = numeric_grads(x, y, p)
    for name in ("W2", "b2", "W1", "b1"):
        t.expect_close(grads[name], want[name], what=f"dL/d{name}", atol=1e-7, rtol=1e-5)


@check("gradients of a small network with one output")
def small(t):
    compare(t, 0, 4, 3, 5, 1)


@check("gradients with several outputs (the mean runs over n * o entries)")
def multi_output(t):
    compare(t, 1, 6, 2, 4, 3)


@check("gradients for a batch of a single sample")
def single(t):
    compare(t, 2, 1, 3, 2, 2)


@check("gradients of a wider network")
def wider(t):
    compare(t, 3, 10, 5, 8, 2)
