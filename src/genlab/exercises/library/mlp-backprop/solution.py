"""Calculus: backpropagation through a two-layer network, written by hand.

Backpropagation is the chain rule applied from the loss back to every parameter, reusing the
gradient of each intermediate value. Doing it once by hand for a small network makes every
autograd library less magic.

Check your work with:  genlab check mlp-backprop
"""

import numpy as np


def mlp_loss_and_grads(x, y, W1, b1, W2, b2):
    """The loss of a one-hidden-layer network and its gradients.

    Shapes: x (n, d) inputs, y (n, o) targets, W1 (d, h), b1 (h,), W2 (h, o), b2 (o,).

    Forward:  a = x @ W1 + b1;  hidden = tanh(a);  out = hidden @ W2 + b2
    Loss:     L = the mean over all n * o entries of (out - y) ** 2

    Return ``(L, grads)``: L as a float and ``grads`` a dict with keys "W1", "b1", "W2",
    "b2", each holding dL/d(that parameter) with the parameter's shape.
    The forward pass is written for you; write the backward pass.
    """
    a = x @ W1 + b1
    hidden = np.tanh(a)
    out = hidden @ W2 + b2
    diff = out - y
    loss = float(np.mean(diff ** 2))
    d_out = 2.0 * diff / diff.size
    grads = {"W2": hidden.T @ d_out, "b2": d_out.sum(axis=0)}
    d_hidden = d_out @ W2.T
    d_a = d_hidden * (1.0 - hidden ** 2)
    grads["W1"] = x.T @ d_a
    grads["b1"] = d_a.sum(axis=0)
    return loss, grads
