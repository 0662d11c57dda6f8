"""Checks for membership-inference-auc, against sklearn.metrics.roc_auc_score."""

import numpy as np
from sklearn.metrics import roc_auc_score

from genlab.exercises.checks import check


def reference(a, b):
    return roc_auc_score(np.r_[np.ones(len(a)), np.zeros(len(b))], -np.r_[a, b])


@check("members with lower losses: a perfect attack scores 1")
def perfect(t):
    t.expect_close(t.call("attack_auc", np.array([0.1, 0.2, 0.3]), np.array([1.0, 2.0])), 1.0, atol=1e-12,
                   why="low loss means member: the attack's score is minus the loss")


@check("identical loss distributions: chance, 0.5")
def chance(t):
    x = np.array([0.5, 1.0, 1.5])
    t.expect_close(t.call("attack_auc", x, x.copy()), 0.5, atol=1e-12, why="ties count one half")


@check("random overlapping losses, against scikit-learn")
def random(t):
    rng = np.random.default_rng(0)
    a, b = rng.normal(1.0, 1.0, 300), rng.normal(1.3, 1.0, 200)
    t.given("300 member losses ~ N(1, 1), 200 others ~ N(1.3, 1)")
    got = t.call("attack_auc", a, b)
    t.expect(isinstance(got, float), expected="a Python float", got=type(got).__name__)
    t.expect_close(got, float(reference(a, b)), atol=1e-9)


@check("ties between members and others")
def ties(t):
    a, b = np.array([1.0, 1.0, 2.0]), np.array([1.0, 3.0])
    t.expect_close(t.call("attack_auc", a, b), float(reference(a, b)), atol=1e-12)
