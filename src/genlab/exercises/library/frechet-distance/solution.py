"""Image generation: the Fréchet distance (Heusel et al. 2017), the heart of FID.

FID compares two sets of images through a classifier's features: fit a Gaussian to the features
of each set and measure how far apart the two Gaussians are. For Gaussians the Fréchet (or
Wasserstein-2) distance has a closed form,

    d^2 = ||mu1 - mu2||^2 + trace(S1 + S2 - 2 (S1 S2)^(1/2)),

the first term for the means, the second for the covariances (their spread and correlations).
genlab's `genlab evaluate` computes it on its own classifier's 128-d features.

Check your work with:  genlab check frechet-distance
"""

import numpy as np
from scipy import linalg


def frechet_distance(feats1, feats2):
    """The Fréchet distance d^2 between Gaussians fitted to ``feats1`` (N1, D) and ``feats2``
    (N2, D): means over the rows, covariances with ``np.cov(..., rowvar=False)``. A float."""
    mu1, mu2 = feats1.mean(axis=0), feats2.mean(axis=0)
    # atleast_2d: with one feature np.cov returns a number, not a 1 x 1 matrix
    s1, s2 = np.atleast_2d(np.cov(feats1, rowvar=False)), np.atleast_2d(np.cov(feats2, rowvar=False))
    covmean = linalg.sqrtm(s1 @ s2).real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1 + s2 - 2 * covmean))
