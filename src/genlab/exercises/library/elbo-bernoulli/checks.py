"""Checks for elbo-bernoulli: against binary cross-entropy, with large logits, and the KL term."""

import math

import torch
import torch.nn.functional as F

from genlab.exercises.checks import check


@check("the log-likelihood is minus the summed binary cross-entropy, per image")
def against_bce(t):
    g = torch.Generator().manual_seed(0)
    x, logits = torch.rand(3, 1, 4, 4, generator=g), torch.randn(3, 1, 4, 4, generator=g) * 2
    want = -F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)
    t.given("x: (3, 1, 4, 4) in [0, 1], logits: (3, 1, 4, 4) random")
    t.expect_close(t.call("bernoulli_log_likelihood", x, logits), want, atol=1e-4,
                   why="sum over the pixels of each image (not the mean), one value per image")


@check("large logits stay finite")
def stable(t):
    x = torch.tensor([[1.0, 0.0, 1.0, 0.0]])
    logits = torch.tensor([[200.0, -200.0, -200.0, 200.0]])
    t.given("x = [1, 0, 1, 0], logits = [200, -200, -200, 200]")
    t.expect_close(t.call("bernoulli_log_likelihood", x, logits), torch.tensor([-400.0]), atol=1e-3,
                   why="sigmoid(200) rounds to 1 and log(1 - 1) is -inf: use softplus")


@check("a logit of 0 is a fair coin: log(1/2) per pixel")
def coin(t):
    t.expect_close(t.call("bernoulli_log_likelihood", torch.ones(2, 10), torch.zeros(2, 10)),
                   torch.full((2,), 10 * math.log(0.5)), atol=1e-5)


@check("the negative ELBO adds the KL term and averages over the batch")
def nelbo(t):
    g = torch.Generator().manual_seed(1)
    x, logits = torch.rand(4, 6, generator=g), torch.randn(4, 6, generator=g)
    mu, logvar = torch.randn(4, 2, generator=g), torch.randn(4, 2, generator=g)
    kl = -0.5 * (1 + logvar - mu ** 2 - logvar.exp()).sum(1)
    rec = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
    t.given("x, logits: (4, 6) random; mu, logvar: (4, 2) random")
    t.expect_close(t.call("negative_elbo", x, logits, mu, logvar), float((rec + kl).mean()), atol=1e-4)
