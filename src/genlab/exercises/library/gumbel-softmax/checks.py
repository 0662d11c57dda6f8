"""Checks for gumbel-softmax: the formula, low temperature, frequencies, straight-through."""

import torch

from genlab.exercises.checks import check


@check("the formula on one row")
def formula(t):
    logits = torch.tensor([[0.0, 1.0, -1.0]])
    u = torch.tensor([[0.3, 0.5, 0.9]])
    g = -torch.log(-torch.log(u))
    t.given("logits = [0, 1, -1], u = [0.3, 0.5, 0.9], tau = 0.5")
    t.expect_close(t.call("gumbel_softmax", logits, u, 0.5), torch.softmax((logits + g) / 0.5, -1), atol=1e-6,
                   why="g = -log(-log(u)) is added to the logits before the tempered softmax")


@check("at a low temperature the sample is (almost) one-hot at argmax(logits + g)")
def cold(t):
    gen = torch.Generator().manual_seed(0)
    logits, u = torch.randn(5, 4, generator=gen), torch.rand(5, 4, generator=gen)
    y = t.call("gumbel_softmax", logits, u, 0.01)
    g = -torch.log(-torch.log(u))
    t.expect_close(y.argmax(-1), (logits + g).argmax(-1), what="the argmax of each row", atol=0)
    t.expect_close(float(y.max(-1).values.min()), 1.0, atol=1e-3, what="the smallest row maximum")


@check("hard samples follow the categorical distribution")
def frequencies(t):
    probs = torch.tensor([0.6, 0.3, 0.1])
    n = 40_000
    u = torch.rand(n, 3, generator=torch.Generator().manual_seed(1))
    t.given(f"{n} rows of logits = log [0.6, 0.3, 0.1] with random u, hard=True")
    y = t.call("gumbel_softmax", probs.log().expand(n, 3), u, 1.0, True)
    t.expect_close(y.detach().mean(0), probs, atol=0.01, what="the share of each category")


@check("hard=True: one-hot forward, the soft sample's gradient backward")
def straight_through(t):
    logits = torch.tensor([[0.2, 0.1, -0.3]], requires_grad=True)
    u = torch.tensor([[0.4, 0.7, 0.2]])
    y = t.call("gumbel_softmax", logits, u, 1.0, True)
    t.expect_close(y.detach().sum(), 1.0, atol=1e-6, what="the row sum")
    t.expect(bool(((y.detach() == 0) | (y.detach() == 1)).all()), expected="a one-hot row", got=str(y.detach().tolist()))
    t.expect(y.requires_grad, expected="a result that gradients flow through", got="a tensor without a gradient",
             why="the one-hot alone is constant: add y_soft - y_soft.detach()")
    (y * torch.tensor([[1.0, 2.0, 3.0]])).sum().backward()
    soft_logits = logits.detach().clone().requires_grad_()
    g = -torch.log(-torch.log(u))
    (torch.softmax(soft_logits + g, -1) * torch.tensor([[1.0, 2.0, 3.0]])).sum().backward()
    t.expect_close(logits.grad, soft_logits.grad, what="the gradient with respect to the logits", atol=1e-6,
                   why="y_hard - y_soft.detach() + y_soft: the forward value is y_hard, the gradient y_soft's")
