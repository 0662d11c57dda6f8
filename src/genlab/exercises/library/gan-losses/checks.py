"""Checks for gan-losses, against binary_cross_entropy_with_logits in float64."""

import torch
import torch.nn.functional as F

from genlab.exercises.checks import check


def ref_d(real, fake):
    r, f = real.double(), fake.double()
    return (F.binary_cross_entropy_with_logits(r, torch.ones_like(r))
            + F.binary_cross_entropy_with_logits(f, torch.zeros_like(f)))


def ref_g(fake):
    f = fake.double()
    return F.binary_cross_entropy_with_logits(f, torch.ones_like(f))


@check("the discriminator loss of a small batch")
def d_small(t):
    real = torch.tensor([2.0, -0.5, 1.0])
    fake = torch.tensor([-1.0, 0.3, -2.0])
    got = t.call("discriminator_loss", real, fake)
    t.expect_tensor(got)
    t.expect_close(got, ref_d(real, fake).float(), atol=1e-6)


@check("real and fake batches of different sizes are averaged separately")
def d_sizes(t):
    real = torch.tensor([3.0])
    fake = torch.tensor([0.5, -1.0, 2.0, 0.0])
    t.expect_close(t.call("discriminator_loss", real, fake), ref_d(real, fake).float(), atol=1e-6)


@check("the discriminator loss stays finite for logits of +-100")
def d_stable(t):
    real = torch.tensor([100.0, -100.0])
    fake = torch.tensor([100.0, -100.0])
    got = t.call("discriminator_loss", real, fake)
    t.expect_close(got, ref_d(real, fake).float(), atol=1e-4,
                   why="log(sigmoid(x)) in two steps gives -inf; use softplus")


@check("the generator loss of a small batch")
def g_small(t):
    fake = torch.tensor([-1.0, 0.3, -2.0, 4.0])
    got = t.call("generator_loss", fake)
    t.expect_tensor(got)
    t.expect_close(got, ref_g(fake).float(), atol=1e-6)


@check("the generator loss is non-saturating: strong gradient when D rejects the fakes")
def g_gradient(t):
    fake = torch.tensor([-6.0, -8.0], requires_grad=True)
    t.given("fake_logits = [-6, -8] (D is sure they are fake); the gradient of the loss")
    loss = t.call("generator_loss", fake)
    t.expect_tensor(loss)
    t.expect(loss.requires_grad, expected="a loss connected to fake_logits",
             got="a tensor without gradient", why="use torch operations on the input")
    loss.backward()
    t.expect_close(fake.grad, torch.tensor([-0.5, -0.5]) * torch.sigmoid(-fake.detach()),
                   what="d loss / d fake_logits", atol=1e-5,
                   why="the loss must fall as the logits rise, steeply when they are very negative")


@check("the generator loss stays finite for logits of +-100")
def g_stable(t):
    fake = torch.tensor([100.0, -100.0])
    t.expect_close(t.call("generator_loss", fake), ref_g(fake).float(), atol=1e-4)
