"""Checks for gradient-penalty: critics whose gradients are known in closed form."""

import torch

from genlab.exercises.checks import check


class Linear(torch.nn.Module):
    """critic(x) = sum(w * x) per sample: its gradient is w everywhere."""

    def __init__(self, w):
        super().__init__()
        self.w = torch.nn.Parameter(w.clone())

    def forward(self, x):
        return (x * self.w).flatten(1).sum(dim=1)


class Quadratic(torch.nn.Module):
    """critic(x) = sum(c * x ** 2) per sample: gradient 2 c x, different for every sample."""

    def __init__(self, c):
        super().__init__()
        self.c = torch.nn.Parameter(torch.tensor(float(c)))

    def forward(self, x):
        return (self.c * x ** 2).flatten(1).sum(dim=1)


def ref_penalty(c, x_hat):
    grad = 2 * c * x_hat
    return ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()


@check("interpolate: alpha = 1 gives real, alpha = 0 gives fake, 0.25 mixes")
def interp(t):
    real = torch.ones(3, 2, 2)
    fake = torch.zeros(3, 2, 2)
    alpha = torch.tensor([1.0, 0.0, 0.25])
    got = t.call("interpolate", real, fake, alpha)
    t.expect_close(got, torch.tensor([1.0, 0.0, 0.25]).view(3, 1, 1).expand(3, 2, 2),
                   why="reshape alpha to (B, 1, 1, ...) so it applies to the whole sample")


@check("a linear critic with gradient norm 3 gives (3 - 1) ** 2 = 4")
def linear(t):
    critic = Linear(torch.tensor([[2.0, 1.0], [2.0, 0.0]]))
    g = torch.Generator().manual_seed(0)
    real = torch.randn(5, 2, 2, generator=g)
    fake = torch.randn(5, 2, 2, generator=g)
    t.given("critic(x) = sum(w * x) with ||w|| = 3; real, fake: (5, 2, 2), alpha = 0.5")
    got = t.call("gradient_penalty", critic, real, fake, torch.full((5,), 0.5))
    t.expect_tensor(got)
    t.expect_close(got, 4.0, atol=1e-5)


@check("per-sample norms: a critic whose gradient differs from sample to sample")
def quadratic(t):
    g = torch.Generator().manual_seed(1)
    real = torch.randn(4, 3, generator=g)
    fake = torch.randn(4, 3, generator=g)
    alpha = torch.rand(4, generator=g)
    x_hat = alpha[:, None] * real + (1 - alpha[:, None]) * fake
    t.given("critic(x) = sum(0.7 * x ** 2); real, fake: (4, 3); alpha random")
    got = t.call("gradient_penalty", Quadratic(0.7), real, fake, alpha)
    t.expect_close(got, ref_penalty(0.7, x_hat), atol=1e-5,
                   why="take the norm of each sample's gradient, then average the penalties")


@check("images: (B, C, H, W) samples, the norm over C, H and W")
def images(t):
    g = torch.Generator().manual_seed(2)
    real = torch.randn(3, 2, 4, 4, generator=g)
    fake = torch.randn(3, 2, 4, 4, generator=g)
    alpha = torch.tensor([0.1, 0.5, 0.9])
    x_hat = alpha.view(3, 1, 1, 1) * real + (1 - alpha.view(3, 1, 1, 1)) * fake
    t.given("critic(x) = sum(0.3 * x ** 2); real, fake: (3, 2, 4, 4); alpha = [0.1, 0.5, 0.9]")
    got = t.call("gradient_penalty", Quadratic(0.3), real, fake, alpha)
    t.expect_close(got, ref_penalty(0.3, x_hat), atol=1e-5)


@check("the penalty backpropagates into the critic's parameters")
def backprop(t):
    g = torch.Generator().manual_seed(3)
    real = torch.randn(6, 3, generator=g)
    fake = torch.randn(6, 3, generator=g)
    alpha = torch.rand(6, generator=g)
    critic = Quadratic(0.4)
    t.given("critic(x) = sum(c * x ** 2) with c = 0.4 a parameter; d penalty / d c")
    got = t.call("gradient_penalty", critic, real, fake, alpha)
    t.expect_tensor(got)
    t.expect(got.requires_grad, expected="a penalty connected to the critic's parameters",
             got="a tensor without gradient",
             why="pass create_graph=True to torch.autograd.grad")
    got.backward()
    c = torch.tensor(0.4, requires_grad=True)
    x_hat = alpha[:, None] * real + (1 - alpha[:, None]) * fake
    ref_penalty(c, x_hat).backward()
    t.expect_close(critic.c.grad, c.grad, what="the gradient of the penalty w.r.t. c", atol=1e-5)


@check("real and fake are not changed and get no gradient")
def inputs_untouched(t):
    real = torch.randn(2, 3)
    fake = torch.randn(2, 3)
    r0, f0 = real.clone(), fake.clone()
    t.given("real, fake: (2, 3) random; critic(x) = sum(x ** 2)")
    t.call("gradient_penalty", Quadratic(1.0), real, fake, torch.tensor([0.3, 0.6]))
    t.expect_close(real, r0, what="real after the call", atol=0)
    t.expect_close(fake, f0, what="fake after the call", atol=0)
