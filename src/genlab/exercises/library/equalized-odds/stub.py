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
    # your code here
    raise NotImplementedError("write this part")


def equalized_odds_difference(y_true, y_pred, groups):
    """max( max tpr - min tpr, max fpr - min fpr ) across groups: a float (0 = equal odds)."""
    # your code here
    raise NotImplementedError("write this part")
