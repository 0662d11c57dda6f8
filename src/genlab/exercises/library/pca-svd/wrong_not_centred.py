# Plausible mistake: forgets to centre the data
"""Linear algebra: principal component analysis with the singular value decomposition.

The SVD writes the centred data as U S V^T; the rows of V^T are orthonormal directions ordered
by how much of the data's variance lies along them. Keeping the first k compresses the data
while losing as little variance as possible.

Check your work with:  genlab check pca-svd
"""

import numpy as np


def pca(X, k):
    """PCA of the rows of ``X`` (n samples, d features), keeping ``k`` components.

    Return ``(components, explained_variance_ratio, projected)``:

    * ``components``: shape (k, d); row i is the i-th principal direction (unit length),
      largest variance first;
    * ``explained_variance_ratio``: shape (k,); the share of the total variance of ``X``
      along each component (all d of them would add up to 1);
    * ``projected``: shape (n, k); the centred data in these coordinates,
      ``(X - mean) @ components.T``.

    An SVD may return a direction as v or as -v. Make the result unique: flip each component
    so that its entry with the largest absolute value is positive.
    Assume 1 <= k <= min(n, d) and that X is not constant.
    """
    X = np.asarray(X, dtype=float)
    Xc = X
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    components = Vt[:k]
    biggest = np.argmax(np.abs(components), axis=1)
    signs = np.sign(components[np.arange(k), biggest])
    components = components * signs[:, None]
    var = s ** 2
    ratio = var[:k] / var.sum()
    return components, ratio, Xc @ components.T
