"""Information theory: entropy and cross-entropy of discrete distributions.

The entropy of p is the average number of bits (base 2) or nats (base e) needed to encode
outcomes drawn from p with the best code; the cross-entropy H(p, q) is the average when the
code is built for q instead. Classification losses are cross-entropies.

Check your work with:  genlab check entropy
"""

import numpy as np


def entropy(p, base=2.0):
    """H(p) = -sum_i p_i log(p_i) of the distribution ``p`` (1-D, non-negative, sums to 1),
    in units of log base ``base`` (2: bits, e: nats). Terms with p_i = 0 count as 0.
    Return a float."""
    # your code here
    raise NotImplementedError("write this part")


def cross_entropy(p, q, base=2.0):
    """H(p, q) = -sum_i p_i log(q_i), in log base ``base``: a float.

    Terms with p_i = 0 count as 0; if q_i = 0 for some i with p_i > 0 the result is
    ``float('inf')``.
    """
    # your code here
    raise NotImplementedError("write this part")
