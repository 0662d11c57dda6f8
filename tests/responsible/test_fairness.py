"""The fairness lab: the bias it builds in is measured, mitigated, and carried by a generator."""

from __future__ import annotations

import json

import numpy as np
import pytest

from genlab.errors import ConfigError
from genlab.responsible import fairness


def test_group_metrics_match_fairlearn_on_a_hand_case():
    y_true = np.array([1, 1, 0, 0, 1, 1, 0, 0])
    y_pred = np.array([1, 1, 1, 0, 1, 0, 0, 0])
    groups = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    m = fairness.group_metrics(y_true, y_pred, groups)
    assert m["by_group"]["0"]["selection_rate"] == 0.75 and m["by_group"]["1"]["selection_rate"] == 0.25
    assert m["demographic_parity_difference"] == pytest.approx(0.5)
    # TPR 1.0 vs 0.5 and FPR 0.5 vs 0.0: the larger gap is 0.5
    assert m["equalized_odds_difference"] == pytest.approx(0.5)


def test_the_lab_shows_the_bias_the_mitigations_and_the_synthetic_data(tmp_path):
    r = fairness.run_lab(tmp_path, seed=0, bias=0.8, n=6000)
    methods = {m["method"]: m for m in r["methods"]}
    base = methods["unmitigated"]
    assert r["data_label_rate_by_group"]["1"] < r["data_label_rate_by_group"]["0"] / 2
    assert abs(r["true_rate_by_group"]["1"] - r["true_rate_by_group"]["0"]) < 0.05   # the truth is fair
    assert base["demographic_parity_difference"] > 0.1
    strict = methods["ExponentiatedGradient (parity within 0.01)"]
    assert strict["demographic_parity_difference"] < base["demographic_parity_difference"] / 2
    assert strict["accuracy_vs_true"] > base["accuracy_vs_true"]         # fairer and closer to the truth
    copied = r["synthetic"]["synthetic"]["downstream"]["demographic_parity_difference"]
    rebalanced = r["synthetic"]["synthetic, rebalanced"]["downstream"]["demographic_parity_difference"]
    assert copied > 0.1 and rebalanced < copied / 2
    assert json.loads((tmp_path / "results.json").read_text())["bias"] == 0.8
    assert (tmp_path / "tradeoff.png").stat().st_size > 0 and "| unmitigated |" in (tmp_path / "results.md").read_text()


def test_fair_labels_give_a_small_gap(tmp_path):
    r = fairness.run_lab(tmp_path, seed=1, bias=0.0, n=4000)
    assert r["methods"][0]["demographic_parity_difference"] < 0.1


def test_a_bias_out_of_range_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="between 0 and 0.99"):
        fairness.run_lab(tmp_path, bias=1.5)
