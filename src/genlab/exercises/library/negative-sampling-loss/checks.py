"""Checks for negative-sampling-loss."""

import math

import torch
import torch.nn.functional as F

from genlab.exercises.checks import check


def reference(c, x, n):
    loss = 0.0
    for b in range(len(c)):
        loss += -F.logsigmoid(c[b] @ x[b]) - sum(F.logsigmoid(-(c[b] @ n[b, k])) for k in range(n.shape[1]))
    return loss / len(c)


@check("zero vectors: (k + 1) log 2 per pair")
def zeros(t):
    t.given("center, context: zeros (2, 3); negatives: zeros (2, 4, 3)")
    t.expect_close(t.call("negative_sampling_loss", torch.zeros(2, 3), torch.zeros(2, 3), torch.zeros(2, 4, 3)),
                   5 * math.log(2), atol=1e-6, why="every sigmoid(0) = 1/2; one positive and four negatives per pair")


@check("random vectors, against a loop over the pairs")
def random(t):
    g = torch.Generator().manual_seed(0)
    c, x, n = torch.randn(5, 8, generator=g), torch.randn(5, 8, generator=g), torch.randn(5, 3, 8, generator=g)
    t.given("center, context: (5, 8) random; negatives: (5, 3, 8) random")
    t.expect_close(t.call("negative_sampling_loss", c, x, n), float(reference(c, x, n)), atol=1e-5)


@check("large dot products stay finite")
def stable(t):
    c = torch.full((1, 2), 30.0)
    t.given("center = [30, 30], context = [-30, -30], the one negative = [30, 30]: every pair is badly wrong")
    got = t.call("negative_sampling_loss", c, -c, c.view(1, 1, 2))
    t.expect_close(got, 3600.0, rtol=1e-5, why="sigmoid(-1800) is 0 in floating point and log(0) = -inf: "
                   "use F.logsigmoid, which gives -1800")


@check("the gradient pulls the context towards the centre and pushes the negatives away")
def gradient(t):
    c = torch.tensor([[1.0, 0.0]])
    x = torch.zeros(1, 2, requires_grad=True)
    n = torch.zeros(1, 1, 2, requires_grad=True)
    t.call("negative_sampling_loss", c, x, n).backward()
    t.expect_close(x.grad, torch.tensor([[-0.5, 0.0]]), what="d loss / d context", atol=1e-6)
    t.expect_close(n.grad, torch.tensor([[[0.5, 0.0]]]), what="d loss / d negatives", atol=1e-6)
