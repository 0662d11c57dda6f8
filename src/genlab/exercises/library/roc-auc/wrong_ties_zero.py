# Plausible mistake: counts tied pairs as wrongly ordered
"""Machine learning: the ROC curve and the area under it.

A classifier that outputs scores can be turned into yes/no at any threshold. The ROC curve
shows the true-positive rate against the false-positive rate for every threshold; its area is
the chance that a random positive scores above a random negative.

Check your work with:  genlab check roc-auc
"""

import numpy as np


def roc_curve(y_true, scores):
    """``(fpr, tpr)``: two float arrays of the same length, one point per threshold.

    The thresholds are +infinity followed by the distinct scores from highest to lowest; at
    threshold s a sample is predicted positive when its score is >= s. So the curve starts at
    (0, 0) and ends at (1, 1). ``y_true`` holds 0s and 1s, both present.
    """
    y = np.asarray(y_true) == 1
    scores = np.asarray(scores, dtype=float)
    thresholds = np.unique(scores)[::-1]
    pos, neg = scores[y], scores[~y]
    tpr = [0.0] + [float((pos >= s).mean()) for s in thresholds]
    fpr = [0.0] + [float((neg >= s).mean()) for s in thresholds]
    return np.array(fpr), np.array(tpr)


def roc_auc(y_true, scores):
    """The area under the ROC curve, as a float.

    Equal to the probability that a random positive has a higher score than a random
    negative, a tie counting 1/2. Raise ValueError when ``y_true`` has only one class.
    """
    y = np.asarray(y_true) == 1
    scores = np.asarray(scores, dtype=float)
    pos, neg = scores[y], scores[~y]
    if len(pos) == 0 or len(neg) == 0:
        raise ValueError("the AUC needs both classes")
    higher = (pos[:, None] > neg[None, :]).mean()
    ties = (pos[:, None] == neg[None, :]).mean()
    return float(higher)
