"""The sample-quality metrics against values computed by hand, and sanity checks on real data."""


import numpy as np
import pytest
import torch

from genlab.metrics import compare, coverage_min_share, fid, kid, precision_recall
from tests.conftest import needs_fashion


def test_fid_of_one_dimensional_gaussians_matches_the_closed_form():
    # for 1-D Gaussians FID = (m1 - m2)^2 + (s1 - s2)^2
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(200_000, 1, generator=gen) * 2.0 + 1.0
    b = torch.randn(200_000, 1, generator=gen) * 0.5 - 1.0
    assert fid(a, b) == pytest.approx((1 - -1) ** 2 + (2.0 - 0.5) ** 2, rel=0.02)


def test_fid_with_diagonal_covariances_matches_hand_computation():
    # exact moments: construct samples whose mean and covariance are known exactly
    x = torch.tensor([[1.0, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]], dtype=torch.float64)
    y = x * torch.tensor([3.0, 1.0], dtype=torch.float64) + torch.tensor([1.0, 1.0], dtype=torch.float64)
    # covariances (ddof 1): diag(2/3, 8/3) and diag(6, 8/3); the means differ by (1, 1)
    s1, s2 = np.array([2 / 3, 8 / 3]), np.array([6.0, 8 / 3])
    expected = 2.0 + ((np.sqrt(s1) - np.sqrt(s2)) ** 2).sum()
    assert fid(x, y) == pytest.approx(expected, rel=1e-9)
    assert fid(x, x) == pytest.approx(0.0, abs=1e-9)


def test_kid_is_near_zero_for_one_distribution_and_positive_for_two():
    gen = torch.Generator().manual_seed(1)
    a, b = torch.randn(2000, 8, generator=gen), torch.randn(2000, 8, generator=gen)
    same = kid(a, b, subsets=20, subset_size=500)
    shifted = kid(a, b + 1.0, subsets=20, subset_size=500)
    assert abs(same) < 0.05
    assert shifted > 10 * abs(same) and shifted > 0.1


def test_precision_and_recall_detect_dropped_modes_and_outliers():
    gen = torch.Generator().manual_seed(2)
    modes = torch.tensor([[0.0, 0.0], [50.0, 0.0]])
    real = modes[torch.arange(2000) % 2] + torch.randn(2000, 2, generator=gen)
    # samples from one mode only: realistic (precision ~1) but half the data is missed (recall ~0.5)
    one_mode = modes[0] + torch.randn(2000, 2, generator=gen)
    p, r = precision_recall(real, one_mode)
    assert p > 0.95 and 0.45 < r < 0.55
    # samples far from everything: precision 0
    p, _ = precision_recall(real, torch.full((500, 2), 1000.0) + torch.randn(500, 2, generator=gen))
    assert p == 0.0
    # the same distribution: both high
    p, r = precision_recall(real, modes[torch.arange(2000) % 2] + torch.randn(2000, 2, generator=gen))
    assert p > 0.9 and r > 0.9


def test_coverage_min_share_by_hand():
    predicted = torch.tensor([0] * 50 + [1] * 30 + [2] * 20)
    share, shares = coverage_min_share(predicted, 4)   # class 3 missing: mode collapse
    assert share == 0.0 and shares == [0.5, 0.3, 0.2, 0.0]
    share, _ = coverage_min_share(torch.tensor([0, 1, 1, 0, 2, 2, 2, 1, 0]), 3)
    assert share == pytest.approx(1.0)
    share, _ = coverage_min_share(torch.tensor([0, 0, 0, 1]), 2)
    assert share == pytest.approx(0.25 * 2)


# -- sanity on real data with the shipped classifier ---------------------------------------------
def blur(x, k):
    if k == 0:
        return x
    kernel = torch.ones(1, 1, 2 * k + 1, 2 * k + 1) / (2 * k + 1) ** 2
    return torch.nn.functional.conv2d(x, kernel, padding=k)


@pytest.fixture(scope="module")
def fashion():
    from genlab.data.images import load_images
    from genlab.metrics.features import load_classifier

    test = load_images("fashion-mnist", "test", download=False)
    train = load_images("fashion-mnist", "train", download=False)
    return load_classifier("fashion-mnist"), test.float_images(slice(0, 1000)), train.float_images(slice(0, 1000))


@needs_fashion
def test_fid_is_small_between_train_and_test_and_large_against_noise(fashion):
    clf, test, train = fashion
    real = compare(clf, test, train)
    noise = compare(clf, test, torch.rand(1000, 1, 28, 28, generator=torch.Generator().manual_seed(0)))
    assert real["fid"] < 5.0   # about 0.3 with 10k images; FID is biased upward at 1k
    assert noise["fid"] > 100 * real["fid"] and noise["fid"] > 100
    assert noise["recall"] < 0.01 and real["recall"] > 0.8
    assert real["coverage_min_share"] > 0.8 and noise["coverage_min_share"] < 0.5


@needs_fashion
def test_fid_grows_monotonically_with_blur_and_shift(fashion):
    clf, test, train = fashion
    blurred = [compare(clf, test, blur(train, k), full=False)["quick_fid"] for k in (0, 1, 2)]
    assert blurred == sorted(blurred) and blurred[-1] > 10 * blurred[0]
    shifted = [compare(clf, test, torch.roll(train, s, dims=3), full=False)["quick_fid"] for s in (0, 2, 5)]
    assert shifted == sorted(shifted) and shifted[-1] > 10 * shifted[0]


def test_sample_quality_reads_raw_uint8_batches_as_images_in_0_1():
    """The ddim-steps reproduction once passed raw dataset batches (0..255) as the real images:
    every FID came out near 880,000. Raw and float batches must score the same."""
    from genlab.metrics import sample_quality
    from genlab.models.base import DataInfo

    class Fixed:  # a "model" whose samples are real test images
        conditional, training = False, False
        data_info = DataInfo((1, 28, 28), 10, tuple("0123456789"))
        device = torch.device("cpu")

        def __init__(self, images):
            self.images = images

        def eval(self):
            pass

        def train(self, mode=True):
            pass

        def sample(self, n, generator=None):
            return self.images[:n]

    raw = (torch.rand(200, 1, 28, 28) * 255).to(torch.uint8)
    model = Fixed(raw.float().div(255))
    as_float = sample_quality(model, [(raw.float().div(255),)], 200, full=False)
    as_raw = sample_quality(model, [(raw,)], 200, full=False)
    assert as_raw == pytest.approx(as_float)
