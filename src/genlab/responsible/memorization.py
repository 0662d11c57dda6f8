"""Memorization: the data-copying test of Meehan, Chaudhuri & Dasgupta (AISTATS 2020).

A model that copies its training data makes samples that lie *closer* to their nearest training
image than fresh data from the same distribution does. The test compares the two in an embedding
(here genlab's classifier features), locally, because a model may copy in one region and
underfit in another:

1. cut the space into ``k`` cells by k-means on the training embeddings;
2. in each cell j, take the distances to the nearest training point of the held-out test points
   (``n_j`` of them) and of the generated points (``m_j``); the Mann-Whitney U statistic counts
   the pairs where the generated point is *farther* than the test point, and under the null of
   "no copying, no underfitting" U has mean ``m_j n_j / 2`` and variance
   ``m_j n_j (m_j + n_j + 1) / 12``, giving a z-score Z_j;
3. C_T is the average of Z_j weighted by each cell's share of the test points, over the cells
   with enough generated points (the paper's threshold tau; cells below it are reported).

C_T << 0 (the paper uses about -3 as its mark) means the samples are too close to the training
data: copying. C_T >> 0 means they are farther than real data: underfitting. Near 0 is what a
model that generalises should show. The pairs with the smallest distance are the place to look.

This module is written out (numpy, scikit-learn's k-means, scipy's U test) because the point is
to teach the test.
"""

from __future__ import annotations

import numpy as np


def nearest_distances(queries: np.ndarray, reference: np.ndarray, chunk: int = 2048):
    """(distance to, index of) the nearest row of ``reference`` for each row of ``queries``."""
    ref_sq = (reference ** 2).sum(1)
    dist, index = [], []
    for i in range(0, len(queries), chunk):
        q = queries[i:i + chunk]
        d2 = (q ** 2).sum(1)[:, None] - 2 * q @ reference.T + ref_sq[None]
        j = d2.argmin(1)
        index.append(j)
        dist.append(np.sqrt(np.maximum(d2[np.arange(len(q)), j], 0)))
    return np.concatenate(dist), np.concatenate(index)


def data_copying_test(train: np.ndarray, test: np.ndarray, generated: np.ndarray, cells: int = 10,
                      min_per_cell: int = 20, seed: int = 0) -> dict:
    """C_T and its per-cell z-scores for three embedding matrices (rows are points)."""
    from scipy.stats import mannwhitneyu
    from sklearn.cluster import KMeans

    train, test, generated = (np.asarray(a, dtype=np.float64) for a in (train, test, generated))
    kmeans = KMeans(n_clusters=cells, n_init=3, random_state=seed).fit(train)
    cell_test, cell_gen = kmeans.predict(test), kmeans.predict(generated)
    d_test, _ = nearest_distances(test, train)
    d_gen, nearest = nearest_distances(generated, train)
    rows, z_sum, w_sum = [], 0.0, 0.0
    for j in range(cells):
        p, q = d_test[cell_test == j], d_gen[cell_gen == j]
        row = {"cell": j, "test": int(len(p)), "generated": int(len(q)), "z": None}
        if len(q) >= min_per_cell and len(p) >= min_per_cell:
            u = mannwhitneyu(q, p, alternative="two-sided").statistic  # pairs with q > p
            m, n = len(q), len(p)
            row["z"] = float((u - m * n / 2) / np.sqrt(m * n * (m + n + 1) / 12))
            weight = n / len(test)
            z_sum, w_sum = z_sum + weight * row["z"], w_sum + weight
        rows.append(row)
    c_t = z_sum / w_sum if w_sum else float("nan")
    return {"C_T": float(c_t), "cells": rows, "cells_used": sum(r["z"] is not None for r in rows),
            "min_per_cell": min_per_cell, "generated": int(len(generated)), "test": int(len(test)),
            "train": int(len(train)), "median_distance_generated": float(np.median(d_gen)),
            "median_distance_test": float(np.median(d_test)),
            "closest": [{"sample": int(i), "train": int(nearest[i]), "distance": float(d_gen[i])}
                        for i in np.argsort(d_gen)[:16]]}


def summary(result: dict) -> str:
    c = result["C_T"]
    if not np.isfinite(c):
        verdict = "not enough samples per cell to test"
    elif c < -3:
        verdict = "samples are closer to the training data than test data is: data copying"
    elif c > 3:
        verdict = "samples are farther from the training data than test data is: underfitting"
    else:
        verdict = "no strong sign of copying or underfitting"
    return (f"C_T = {c:.2f} over {result['cells_used']} cells ({result['generated']} samples, "
            f"{result['test']} test images): {verdict}")
