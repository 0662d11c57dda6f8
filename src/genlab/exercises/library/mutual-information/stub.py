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
    # your code here
    raise NotImplementedError("write this part")


def mutual_information_from_samples(x, y):
    """The plug-in estimate of I(X; Y) in nats from paired samples: a float.

    ``x`` and ``y`` are 1-D arrays of equal length holding discrete labels (any values).
    Estimate the joint table by counting the pairs and dividing by n, then compute its
    mutual information.
    """
    # your code here
    raise NotImplementedError("write this part")
