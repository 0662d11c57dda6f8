"""Machine learning: precision, recall and F1 from a confusion matrix.

Accuracy hides how a classifier fails on rare classes. Precision (how many predicted
positives are right) and recall (how many real positives are found) say it; F1 combines them.

Check your work with:  genlab check classification-metrics
"""

import numpy as np


def confusion_counts(y_true, y_pred):
    """``(tp, fp, fn, tn)`` as ints for binary labels 0/1 (1 is the positive class)."""
    # your code here
    raise NotImplementedError("write this part")


def precision_recall_f1(y_true, y_pred):
    """``(precision, recall, f1)`` as floats for binary labels 0/1.

    precision = tp / (tp + fp), recall = tp / (tp + fn), f1 = their harmonic mean
    2 * precision * recall / (precision + recall). A ratio whose denominator is 0 is 0.0
    (scikit-learn's ``zero_division=0``).
    """
    # your code here
    raise NotImplementedError("write this part")
