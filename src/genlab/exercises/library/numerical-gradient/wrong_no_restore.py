# Plausible mistake: forgets to put x[i] back
"""Calculus: check an analytic gradient against a numerical one.

The derivative is a limit of difference quotients; with a small eps, the central difference
(f(x + eps) - f(x - eps)) / (2 eps) approximates it with an error of order eps ** 2. Comparing
this with a gradient derived by hand catches most mistakes in a backward pass.

Check your work with:  genlab check numerical-gradient
"""

import numpy as np


def numerical_gradient(f, x, eps=1e-5):
    """The gradient of the scalar function ``f`` at ``x``, by central differences.

    ``x`` is a float array of any shape and ``f(x)`` returns a number. For every entry i:

        grad[i] = (f(x with x[i] + eps) - f(x with x[i] - eps)) / (2 * eps)

    Return an array shaped like ``x``. When your function returns, ``x`` must hold its
    original values again (changing entries in place while computing is fine).
    """
    grad = np.zeros(x.shape, dtype=float)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f(x)
        x[i] = old - eps
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def gradient_check(f, grad_f, x, eps=1e-5):
    """The relative error between ``grad_f(x)`` and the numerical gradient of ``f`` at ``x``:

        ||a - n|| / max(||a|| + ||n||, 1e-12)

    where a is the analytic gradient, n the numerical one and ||.|| the Euclidean norm over
    all entries. Below 1e-7 usually means the analytic gradient is right.
    """
    a = np.asarray(grad_f(x), dtype=float)
    n = numerical_gradient(f, x, eps)
    return float(np.linalg.norm(a - n) / max(np.linalg.norm(a) + np.linalg.norm(n), 1e-12))
