"""The audits' statistics on cases with known answers (no torch: numpy, scipy, scikit-learn)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_digits

from genlab.responsible import balance, membership, memorization, text_copying


# -- balance -----------------------------------------------------------------------------------
def test_balanced_samples_pass_and_a_missing_class_fails_the_chi_square_test():
    classes = [str(i) for i in range(4)]
    train = np.repeat(np.arange(4), 250)
    fair = balance.class_balance(np.repeat(np.arange(4), 50), train, classes)
    assert fair["p_value"] > 0.99 and fair["chi2"] == pytest.approx(0.0)
    skewed = balance.class_balance(np.r_[np.zeros(100), np.ones(60), np.full(40, 2)].astype(int), train, classes)
    assert skewed["p_value"] < 1e-10
    assert skewed["most_over"] == "0" and skewed["most_over_ratio"] == pytest.approx(2.0)
    assert skewed["most_under"] == "3" and skewed["most_under_ratio"] == 0.0
    # Pearson's statistic by hand: sum (O - E)^2 / E with E = 50 per class
    assert skewed["chi2"] == pytest.approx((50**2 + 10**2 + 10**2 + 50**2) / 50)
    assert "differs" in balance.summary(skewed) and "no evidence" in balance.summary(fair)


def test_balance_compares_with_the_datas_own_shares_not_uniform():
    train = np.r_[np.zeros(900), np.ones(100)].astype(int)
    same_mix = balance.class_balance(np.r_[np.zeros(180), np.ones(20)].astype(int), train, ["a", "b"])
    assert same_mix["p_value"] > 0.99


# -- memorization: the data-copying test ---------------------------------------------------------
@pytest.fixture(scope="module")
def digits():
    x = load_digits().data / 16.0
    order = np.random.default_rng(0).permutation(len(x))
    return x[order[:1200]], x[order[1200:1500]], x[order[1500:]]


def test_a_model_that_returns_training_images_scores_strongly_negative(digits):
    train, test, _ = digits
    copies = train[np.random.default_rng(1).choice(len(train), 300)]
    result = memorization.data_copying_test(train, test, copies, cells=3)
    assert result["C_T"] < -5
    assert result["closest"][0]["distance"] == pytest.approx(0.0, abs=1e-6)
    assert "data copying" in memorization.summary(result)


def test_a_noisy_model_scores_positive_and_fresh_data_near_zero(digits):
    train, test, held = digits
    rng = np.random.default_rng(2)
    noisy = train[rng.choice(len(train), 300)] + rng.normal(scale=0.5, size=(300, train.shape[1]))
    assert memorization.data_copying_test(train, test, noisy, cells=3)["C_T"] > 5
    fresh = memorization.data_copying_test(train, test, held, cells=3)
    assert abs(fresh["C_T"]) < 3, fresh["C_T"]      # the same distribution: no copying, no underfitting


def test_cells_with_too_few_samples_are_left_out_of_C_T(digits):
    train, test, _ = digits
    result = memorization.data_copying_test(train, test, train[:30], cells=10, min_per_cell=20)
    assert result["cells_used"] < 10
    assert all(r["z"] is None for r in result["cells"] if r["generated"] < 20)


def test_nearest_distances_match_brute_force():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(50, 5)), rng.normal(size=(70, 5))
    d, i = memorization.nearest_distances(a, b, chunk=7)
    full = np.linalg.norm(a[:, None] - b[None], axis=2)
    assert np.allclose(d, full.min(1)) and (i == full.argmin(1)).all()


# -- membership inference ----------------------------------------------------------------------
def test_the_attack_auc_is_one_when_members_have_lower_loss_and_half_when_alike():
    assert membership.loss_threshold_attack([1.0, 2.0], [3.0, 4.0])["auc"] == 1.0
    assert membership.loss_threshold_attack([3.0, 4.0], [1.0, 2.0])["auc"] == 0.0
    rng = np.random.default_rng(0)
    alike = membership.loss_threshold_attack(rng.normal(size=2000), rng.normal(size=2000))
    assert abs(alike["auc"] - 0.5) < 0.03 and "hard to tell" in membership.summary(alike)
    leaky = membership.loss_threshold_attack(rng.normal(-1, size=2000), rng.normal(size=2000))
    assert 0.7 < leaky["auc"] < 0.8        # the AUC of two unit Gaussians 1 apart: Phi(1 / sqrt 2) = 0.760
    assert leaky["roc"]["fpr"][0] == 0 and leaky["roc"]["tpr"][-1] == 1


# -- verbatim copying in text ------------------------------------------------------------------
CORPUS = ("First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll:\nSpeak, speak.\n\n"
          "First Citizen:\nYou are all resolved rather to die than to famish?\n")


def test_longest_overlap_matches_brute_force():
    rng = np.random.default_rng(0)
    for _ in range(30):
        corpus = "".join(rng.choice(list("abc"), 60))
        sample = "".join(rng.choice(list("abcd"), 25))
        best = max((j - i for i in range(len(sample)) for j in range(i, len(sample) + 1)
                    if sample[i:j] in corpus), default=0)
        assert text_copying.longest_overlap(sample, corpus)[0] == best


def test_a_sample_with_a_copied_passage_is_counted_and_quoted():
    copied = "xq" + CORPUS[20:90] + "zz"
    result = text_copying.text_copying([copied, "qqqq zzzz xxxx"], CORPUS, n=50)
    assert result["longest"] == 70 and result["longest_excerpt"] == CORPUS[20:90]
    assert result["share_with_training_ngram"] == 0.5
    assert "50% of 2 samples" in text_copying.summary(result)
