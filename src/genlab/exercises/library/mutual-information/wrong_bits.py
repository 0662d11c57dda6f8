# Plausible mistake: computes the mutual information in bits instead of nats
"""Information theory: mutual information.

I(X; Y) measures how much knowing X tells about Y: the KL divergence between the joint
distribution and the product of the marginals. It is 0 exactly when X and Y are independent.

Check your work with:  genlab check mutual-information
"""

import numpy as np


def mutual_information(joint):
    """I(X; Y) in nats from the joint probability table ``joint`` (nx, ny): a float.

    joint[i, j] = P(X = i, Y = j); the entries are non-negative and add up to 1.
        I = sum_{i, j with joint > 0} joint[i, j] * log( joint[i, j] / (p_x[i] * p_y[j]) )
    """
    joint = np.asarray(joint, dtype=float)
    px = joint.sum(axis=1)
    py = joint.sum(axis=0)
    indep = px[:, None] * py[None, :]
    mask = joint > 0
    return float(np.sum(joint[mask] * np.log2(joint[mask] / indep[mask])))


def mutual_information_from_samples(x, y):
    """The plug-in estimate of I(X; Y) in nats from paired samples: a float.

    ``x`` and ``y`` are 1-D arrays of equal length holding discrete labels (any values).
    Estimate the joint table by counting the pairs and dividing by n, then compute its
    mutual information.
    """
    _, ix = np.unique(np.asarray(x), return_inverse=True)
    _, iy = np.unique(np.asarray(y), return_inverse=True)
    counts = np.zeros((ix.max() + 1, iy.max() + 1))
    np.add.at(counts, (ix, iy), 1)
    return mutual_information(counts / len(ix))
