"""Ethics and responsible AI: equalized odds.

Equalized odds asks that a classifier's true-positive rate and false-positive rate are the
same in every group: among people who truly qualify, and among those who do not, each group
is treated alike. The equalized-odds difference is the worse of the two gaps.

Check your work with:  genlab check equalized-odds
"""

import numpy as np


def group_rates(y_true, y_pred, groups):
    """{group: (tpr, fpr)} for every value of ``groups``; labels are 0s and 1s.

    tpr = the share of the group's samples with y_true = 1 that are predicted 1;
    fpr = the share of the group's samples with y_true = 0 that are predicted 1.
    Every group has both labels. Rates are floats.
    """
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred, dtype=float)
    groups = np.asarray(groups)
    out = {}
    for g in np.unique(groups):
        in_g = groups == g
        tpr = float(y_pred[in_g & (y_true == 1)].mean())
        fpr = float(y_pred[in_g & (y_true == 0)].mean())
        out[g.item() if hasattr(g, "item") else g] = (tpr, fpr)
    return out


def equalized_odds_difference(y_true, y_pred, groups):
    """max( max tpr - min tpr, max fpr - min fpr ) across groups: a float (0 = equal odds)."""
    rates = list(group_rates(y_true, y_pred, groups).values())
    tprs = [r[0] for r in rates]
    fprs = [r[1] for r in rates]
    return float(max(max(tprs) - min(tprs), max(fprs) - min(fprs)))
