# Plausible mistake: compares only the first two groups
"""Ethics and responsible AI: demographic parity.

A classifier satisfies demographic parity when every group (by a sensitive feature such as
sex or age band) is selected, i.e. predicted positive, at the same rate. The difference
between the highest and lowest selection rates measures how far it is from that.

Check your work with:  genlab check demographic-parity
"""

import numpy as np


def selection_rates(y_pred, groups):
    """{group: selection rate}: for every value g of ``groups``, the share of the samples in
    g that are predicted positive (``y_pred`` holds 0s and 1s). Rates are floats."""
    y_pred = np.asarray(y_pred, dtype=float)
    groups = np.asarray(groups)
    return {g.item() if hasattr(g, "item") else g: float(y_pred[groups == g].mean())
            for g in np.unique(groups)}


def demographic_parity_difference(y_pred, groups):
    """The largest selection rate minus the smallest, across all groups: a float (0 = parity)."""
    rates = list(selection_rates(y_pred, groups).values())
    return float(abs(rates[0] - rates[1]))
