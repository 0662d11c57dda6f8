"""Balance: does the model generate each class as often as the training data has it?

The feature classifier labels every sample; the histogram of those labels is compared with the
training data's label shares by Pearson's chi-square goodness-of-fit test. A tiny p-value says
the model's class mix differs from the data's: a GAN that collapsed onto a few modes, or a
model that amplifies a majority class, shows here before it shows in a FID. The ratio
``sample share / data share`` names the classes most over- and under-represented.
"""

from __future__ import annotations

import numpy as np


def class_balance(predicted, train_labels, classes) -> dict:
    """The balance audit from the samples' predicted classes and the training labels."""
    k = len(classes)
    observed = np.bincount(np.asarray(predicted), minlength=k).astype(float)
    data_share = np.bincount(np.asarray(train_labels), minlength=k).astype(float)
    data_share /= data_share.sum()
    return balance_test(observed, data_share, classes)


def balance_test(observed, expected_share, classes) -> dict:
    """Chi-square test of counts ``observed`` against the shares ``expected_share``."""
    from scipy.stats import chisquare

    observed = np.asarray(observed, dtype=float)
    expected_share = np.asarray(expected_share, dtype=float)
    n = observed.sum()
    keep = expected_share > 0          # a class absent from the data cannot be tested
    expected = expected_share[keep] * n
    stat, p = chisquare(observed[keep], expected)
    ratio = np.divide(observed / max(n, 1), expected_share, out=np.zeros_like(observed), where=keep)
    order = np.argsort(ratio)
    rows = [{"class": classes[i], "sample_share": round(float(observed[i] / max(n, 1)), 4),
             "data_share": round(float(expected_share[i]), 4), "ratio": round(float(ratio[i]), 3)}
            for i in range(len(classes))]
    return {"samples": int(n), "chi2": float(stat), "dof": int(keep.sum() - 1), "p_value": float(p),
            "most_over": classes[order[-1]], "most_over_ratio": round(float(ratio[order[-1]]), 3),
            "most_under": classes[order[0]], "most_under_ratio": round(float(ratio[order[0]]), 3),
            "classes": rows}


def summary(result: dict) -> str:
    verdict = ("the class mix differs from the data's" if result["p_value"] < 0.01
               else "no evidence that the class mix differs from the data's")
    return (f"chi-square {result['chi2']:.1f} on {result['dof']} dof, p = {result['p_value']:.3g}: {verdict}; "
            f"most over-represented {result['most_over']} (x{result['most_over_ratio']}), "
            f"most under-represented {result['most_under']} (x{result['most_under_ratio']})")
