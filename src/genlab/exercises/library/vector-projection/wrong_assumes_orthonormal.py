# Plausible mistake: uses B @ B.T, which is only right for an orthonormal basis
"""Linear algebra: project a vector onto the subspace spanned by some columns.

The projection p of v onto a subspace is the point of the subspace closest to v; the error
v - p is orthogonal to the subspace. Least squares, PCA and attention all lean on this idea.

Check your work with:  genlab check vector-projection
"""

import numpy as np


def _as_columns(basis):
    """The basis as a float (d, k) matrix; a 1-D basis (d,) is one column."""
    B = np.asarray(basis, dtype=float)
    return B[:, None] if B.ndim == 1 else B


def projection_matrix(basis):
    """The (d, d) matrix P with P @ v = the projection of v onto the columns' span.

    ``basis`` is a (d, k) matrix whose k columns are linearly independent but need not be
    orthogonal or of unit length; a 1-D array of length d is a single direction.
    P is symmetric and projecting twice changes nothing (P @ P = P).
    """
    B = _as_columns(basis)
    return B @ B.T


def project(v, basis):
    """The projection of the vector ``v`` (shape (d,)) onto the span of ``basis``'s columns."""
    return projection_matrix(basis) @ np.asarray(v, dtype=float)
