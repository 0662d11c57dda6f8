# Plausible mistake: adds the gradient (ascent) instead of subtracting it
"""Machine learning: logistic regression trained by gradient descent.

Logistic regression models P(y = 1 | x) = sigmoid(x . w + b). Its loss, the mean binary
cross-entropy, is convex, so plain gradient descent from zero finds the best w and b.

Check your work with:  genlab check logistic-regression-gd
"""

import numpy as np


def sigmoid(z):
    """1 / (1 + exp(-z)) elementwise, without overflow warnings for large |z| (try z = 1000)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def fit_logistic(X, y, lr=0.1, steps=500, l2=0.0):
    """Fit ``(w, b)`` by full-batch gradient descent; ``X`` (n, d), ``y`` (n,) of 0s and 1s.

    The objective is

        J(w, b) = mean_i[-y_i log p_i - (1 - y_i) log(1 - p_i)] + (l2 / 2) * ||w|| ** 2

    with p_i = sigmoid(X_i . w + b). Start from w = 0 (shape (d,)) and b = 0.0 and take
    exactly ``steps`` steps of w -= lr * dJ/dw, b -= lr * dJ/db (b is not penalised).
    Return w as an array and b as a float.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(steps):
        p = sigmoid(X @ w + b)
        err = p - y
        grad_w = X.T @ err / n + l2 * w
        grad_b = float(err.mean())
        w += lr * grad_w
        b += lr * grad_b
    return w, float(b)


def predict_proba(X, w, b):
    """P(y = 1 | x) for every row of ``X``: an array (n,)."""
    return sigmoid(np.asarray(X, dtype=float) @ w + b)
