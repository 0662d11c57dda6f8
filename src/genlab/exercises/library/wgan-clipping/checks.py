"""Checks for wgan-clipping: the loss's sign and scale, and clipping every parameter in place."""

import torch

from genlab.exercises.checks import check


@check("the loss is mean(f(fake)) - mean(f(real))")
def loss(t):
    t.expect_close(t.call("critic_loss", torch.tensor([1.0, 3.0]), torch.tensor([0.5, -0.5, 1.0])),
                   1.0 / 3 - 2.0, atol=1e-6,
                   why="the critic maximises E f(real) - E f(fake); minimise the negative")


@check("gradients push real scores up and fake scores down")
def grads(t):
    real = torch.zeros(2, requires_grad=True)
    fake = torch.zeros(4, requires_grad=True)
    t.given("f_real = [0, 0], f_fake = [0, 0, 0, 0]")
    t.call("critic_loss", real, fake).backward()
    t.expect_close(real.grad, torch.full((2,), -0.5), what="d loss / d f_real", atol=1e-7)
    t.expect_close(fake.grad, torch.full((4,), 0.25), what="d loss / d f_fake", atol=1e-7)


@check("clipping clamps every weight and bias of a small critic, in place")
def clipping(t):
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    before = [p.detach().clone() for p in net.parameters()]
    t.given("a 4-8-1 MLP with default initial weights, c = 0.05")
    t.call("clip_weights", net, 0.05)
    for i, (p, b) in enumerate(zip(net.parameters(), before)):
        t.expect_close(p.detach(), b.clamp(-0.05, 0.05), what=f"parameter {i} after clipping", atol=0)
