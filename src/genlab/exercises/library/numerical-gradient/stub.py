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
    # your code here
    raise NotImplementedError("write this part")


def gradient_check(f, grad_f, x, eps=1e-5):
    """The relative error between ``grad_f(x)`` and the numerical gradient of ``f`` at ``x``:

        ||a - n|| / max(||a|| + ||n||, 1e-12)

    where a is the analytic gradient, n the numerical one and ||.|| the Euclidean norm over
    all entries. Below 1e-7 usually means the analytic gradient is right.
    """
    # your code here
    raise NotImplementedError("write this part")
