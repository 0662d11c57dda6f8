"""Checks for iwae-bound: k = 1 is the ELBO, large log weights, the batch mean, the growth in k."""

import math

import torch

from genlab.exercises.checks import check


@check("with k = 1 the bound is the ELBO: the mean log weight")
def elbo(t):
    log_w = torch.tensor([[-3.0, -5.0, -1.0]])
    t.expect_close(t.call("iwae_bound", log_w), -3.0, atol=1e-6)


@check("equal weights: the log of their average is the weight itself")
def equal(t):
    t.expect_close(t.call("iwae_bound", torch.full((5, 2), -7.5)), -7.5, atol=1e-6)


@check("realistic log weights (around -300) do not underflow")
def stable(t):
    log_w = torch.tensor([[-300.0], [-301.0], [-302.0]])
    want = -300.0 + math.log((1 + math.exp(-1) + math.exp(-2)) / 3)
    t.given("log_w = [[-300], [-301], [-302]] (k = 3, one image)")
    t.expect_close(t.call("iwae_bound", log_w), want, atol=1e-4,
                   why="exp(-300) is 0 in float32: average the weights with logsumexp")


@check("the bound never decreases with k, on average (the paper's theorem 1)")
def growing(t):
    g = torch.Generator().manual_seed(0)
    log_w = torch.randn(64, 200, generator=g) * 2 - 10
    t.given("log_w: (64, 200) random; bounds from the first 1, 4, 16 and 64 samples")
    bounds = [float(t.call("iwae_bound", log_w[:k])) for k in (1, 4, 16, 64)]
    t.expect(all(a <= b + 1e-6 for a, b in zip(bounds, bounds[1:])), expected="L_1 <= L_4 <= L_16 <= L_64",
             got=", ".join(f"{b:.3f}" for b in bounds))
