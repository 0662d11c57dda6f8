"""Checks for batch-norm, against torch.nn.functional.batch_norm."""

import torch
import torch.nn.functional as F

from genlab.exercises.checks import check


def inputs(seed, n=4, c=3, h=5, w=5):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, c, h, w, generator=g) * 2 + 1
    return x, torch.randn(c, generator=g), torch.rand(c, generator=g) + 0.5, torch.randn(c, generator=g), torch.randn(c, generator=g)


@check("training mode: the batch's statistics")
def train_output(t):
    x, rm, rv, w, b = inputs(0)
    t.given("x: (4, 3, 5, 5) random, running stats, weight and bias: (3,) random, training=True")
    got = t.call("batch_norm", x, rm.clone(), rv.clone(), w, b, True)
    t.expect_close(got, F.batch_norm(x, rm.clone(), rv.clone(), w, b, True), atol=1e-5,
                   why="in training normalise with the batch's mean and biased variance per channel")


@check("training mode updates the running statistics in place (unbiased variance)")
def running(t):
    x, rm, rv, w, b = inputs(1)
    mine_m, mine_v, ref_m, ref_v = rm.clone(), rv.clone(), rm.clone(), rv.clone()
    t.given("x: (4, 3, 5, 5) random, momentum=0.1, training=True")
    t.call("batch_norm", x, mine_m, mine_v, w, b, True)
    F.batch_norm(x, ref_m, ref_v, w, b, True, 0.1)
    t.expect_close(mine_m, ref_m, what="running_mean after the call", atol=1e-5)
    t.expect_close(mine_v, ref_v, what="running_var after the call", atol=1e-5,
                   why="the running variance takes the unbiased batch variance: times n / (n - 1)")


@check("evaluation mode: the running statistics, and nothing updated")
def eval_mode(t):
    x, rm, rv, w, b = inputs(2)
    before = (rm.clone(), rv.clone())
    t.given("x: (4, 3, 5, 5) random, training=False")
    got = t.call("batch_norm", x, rm, rv, w, b, False)
    t.expect_close(got, F.batch_norm(x, before[0], before[1], w, b, False), atol=1e-5)
    t.expect_close(rm, before[0], what="running_mean (must not change in evaluation)", atol=0)


@check("one image in evaluation mode works (it would not with batch statistics)")
def single(t):
    x, rm, rv, w, b = inputs(3, n=1, h=1, w=1)
    got = t.call("batch_norm", x, rm, rv, w, b, False)
    t.expect_close(got, F.batch_norm(x, rm, rv, w, b, False), atol=1e-5)
