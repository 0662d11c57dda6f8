# Plausible mistake: swaps precision and recall
"""Machine learning: precision, recall and F1 from a confusion matrix.

Accuracy hides how a classifier fails on rare classes. Precision (how many predicted
positives are right) and recall (how many real positives are found) say it; F1 combines them.

Check your work with:  genlab check classification-metrics
"""

import numpy as np


def confusion_counts(y_true, y_pred):
    """``(tp, fp, fn, tn)`` as ints for binary labels 0/1 (1 is the positive class)."""
    t = np.asarray(y_true) == 1
    p = np.asarray(y_pred) == 1
    return int((t & p).sum()), int((~t & p).sum()), int((t & ~p).sum()), int((~t & ~p).sum())


def precision_recall_f1(y_true, y_pred):
    """``(precision, recall, f1)`` as floats for binary labels 0/1.

    precision = tp / (tp + fp), recall = tp / (tp + fn), f1 = their harmonic mean
    2 * precision * recall / (precision + recall). A ratio whose denominator is 0 is 0.0
    (scikit-learn's ``zero_division=0``).
    """
    tp, fp, fn, _ = confusion_counts(y_true, y_pred)
    precision = tp / (tp + fn) if tp + fn else 0.0
    recall = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)
