"""Checks for hinge-loss: the margins, the averages, the generator's side."""

import torch

from genlab.exercises.checks import check


@check("scores past the margins cost nothing")
def margins(t):
    t.expect_close(t.call("d_hinge_loss", torch.tensor([1.0, 3.0]), torch.tensor([-1.0, -5.0])), 0.0, atol=1e-7,
                   why="relu(1 - d_real) and relu(1 + d_fake) are 0 once real >= 1 and fake <= -1")


@check("inside the margins the loss is linear, averaged per batch")
def inside(t):
    d_real, d_fake = torch.tensor([0.5, -1.0, 2.0]), torch.tensor([0.0, 1.0])
    t.expect_close(t.call("d_hinge_loss", d_real, d_fake), (0.5 + 2.0 + 0.0) / 3 + (1.0 + 2.0) / 2, atol=1e-6)


@check("gradients: only the examples inside the margin push")
def grads(t):
    d_real = torch.tensor([0.0, 2.0], requires_grad=True)
    d_fake = torch.tensor([-3.0, 0.0], requires_grad=True)
    t.given("d_real = [0, 2], d_fake = [-3, 0]")
    loss = t.call("d_hinge_loss", d_real, d_fake)
    t.expect_tensor(loss)
    loss.backward()
    t.expect_close(d_real.grad, torch.tensor([-0.5, 0.0]), what="d loss / d d_real", atol=1e-7)
    t.expect_close(d_fake.grad, torch.tensor([0.0, 0.5]), what="d loss / d d_fake", atol=1e-7)


@check("the generator pushes its fakes' scores up, without a margin")
def generator(t):
    t.expect_close(t.call("g_hinge_loss", torch.tensor([2.0, -4.0, 5.0])), -1.0, atol=1e-7,
                   why="g_loss = -mean(d_fake), even for fakes that already score above 1")
