"""Checks for mutual-information, against scikit-learn's mutual_info_score."""

import math

import numpy as np

from genlab.exercises.checks import check


def sk_mi(x, y):
    from sklearn.metrics import mutual_info_score

    return float(mutual_info_score(x, y))


def ref_mi(joint):
    px, py = joint.sum(1), joint.sum(0)
    total = 0.0
    for i in range(joint.shape[0]):
        for j in range(joint.shape[1]):
            if joint[i, j] > 0:
                total += joint[i, j] * math.log(joint[i, j] / (px[i] * py[j]))
    return total


@check("independent variables have mutual information 0")
def independent(t):
    joint = np.outer([0.3, 0.7], [0.2, 0.5, 0.3])
    t.expect_close(t.call("mutual_information", joint), 0.0, atol=1e-12)


@check("Y = X on 4 equally likely values gives log 4")
def identical(t):
    t.expect_close(t.call("mutual_information", np.eye(4) / 4), math.log(4), atol=1e-12,
                   why="in nats (natural log)")


@check("a table that is not square, with empty cells")
def rectangular(t):
    joint = np.array([[0.1, 0.0, 0.2], [0.05, 0.4, 0.0]])
    joint = joint / joint.sum()
    t.expect_close(t.call("mutual_information", joint), ref_mi(joint), atol=1e-12,
                   why="p(x) sums each row (axis=1), p(y) each column (axis=0)")


@check("a random 3x5 table")
def random_table(t):
    joint = np.random.default_rng(0).dirichlet(np.ones(15)).reshape(3, 5)
    t.given("a random 3x5 joint table")
    t.expect_close(t.call("mutual_information", joint), ref_mi(joint), atol=1e-12)


@check("the estimate from samples matches scikit-learn")
def samples(t):
    rng = np.random.default_rng(1)
    x = rng.integers(0, 4, size=500)
    y = (x + rng.integers(0, 3, size=500)) % 5
    t.given("500 pairs: x uniform in 0..3, y = (x + noise) mod 5")
    t.expect_close(t.call("mutual_information_from_samples", x, y), sk_mi(x, y), atol=1e-10)


@check("labels can be strings, and the estimate is symmetric")
def strings(t):
    x = np.array(["a", "b", "a", "c", "b", "a", "c", "c"])
    y = np.array(["u", "v", "u", "v", "v", "u", "u", "v"])
    t.expect_close(t.call("mutual_information_from_samples", x, y), sk_mi(x, y), atol=1e-10)
    t.expect_close(t.call("mutual_information_from_samples", y, x), sk_mi(x, y), atol=1e-10)
