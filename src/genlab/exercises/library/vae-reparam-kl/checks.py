"""Checks for vae-reparam-kl, against torch.distributions."""

import torch
from torch.distributions import Normal, kl_divergence

from genlab.exercises.checks import check


def ref_kl(mu, logvar):
    q = Normal(mu.double(), torch.exp(0.5 * logvar.double()))
    p = Normal(torch.zeros_like(mu.double()), torch.ones_like(mu.double()))
    return kl_divergence(q, p).sum(dim=1).float()


@check("z = mu + std * eps for a given eps")
def given_eps(t):
    mu = torch.tensor([[0.0, 1.0], [-2.0, 0.5]])
    logvar = torch.tensor([[0.0, 2.0], [-1.0, 0.0]])
    eps = torch.tensor([[1.0, -1.0], [0.5, 2.0]])
    got = t.call("reparameterize", mu, logvar, eps)
    t.expect_close(got, mu + torch.exp(0.5 * logvar) * eps, atol=1e-6,
                   why="std = exp(logvar / 2): logvar is the log of the variance")


@check("without eps, samples have the right mean and standard deviation")
def sampled(t):
    mu = torch.full((20000, 2), 3.0)
    logvar = torch.log(torch.tensor([[0.25, 4.0]])).expand(20000, 2)
    t.given("mu = 3 and variances (0.25, 4) for 20000 samples, eps=None")
    z = t.call("reparameterize", mu, logvar)
    t.expect_tensor(z)
    t.expect_close(z.mean(dim=0), torch.tensor([3.0, 3.0]), what="the sample mean", atol=0.05)
    t.expect_close(z.std(dim=0), torch.tensor([0.5, 2.0]), what="the sample std", atol=0.05)


@check("gradients flow into mu and logvar")
def gradients(t):
    mu = torch.tensor([[0.5, -1.0]], requires_grad=True)
    logvar = torch.tensor([[0.2, -0.4]], requires_grad=True)
    eps = torch.tensor([[1.5, -0.5]])
    t.given("mu = [[0.5, -1]], logvar = [[0.2, -0.4]], eps = [[1.5, -0.5]]; gradients of z.sum()")
    z = t.call("reparameterize", mu, logvar, eps)
    t.expect_tensor(z)
    t.expect(z.requires_grad, expected="z connected to mu and logvar", got="no gradient",
             why="compute z from mu and logvar with torch operations")
    z.sum().backward()
    t.expect_close(mu.grad, torch.ones(1, 2), what="mu.grad")
    t.expect_close(logvar.grad, 0.5 * torch.exp(0.5 * logvar.detach()) * eps,
                   what="logvar.grad", atol=1e-6)


@check("the KL is 0 when the posterior is the prior")
def kl_zero(t):
    got = t.call("kl_to_standard_normal", torch.zeros(3, 4), torch.zeros(3, 4))
    t.expect_close(got, torch.zeros(3), atol=1e-7)


@check("the KL of a few posteriors, one number per sample")
def kl_values(t):
    mu = torch.tensor([[1.0, 0.0, -2.0], [0.3, 0.3, 0.3]])
    logvar = torch.tensor([[0.0, 1.0, -1.0], [-3.0, 0.5, 2.0]])
    got = t.call("kl_to_standard_normal", mu, logvar)
    t.expect_close(got, ref_kl(mu, logvar), atol=1e-5,
                   why="0.5 * sum(mu^2 + exp(logvar) - 1 - logvar) over the latent dimension")


@check("the KL of a random batch matches torch.distributions")
def kl_random(t):
    g = torch.Generator().manual_seed(0)
    mu = torch.randn(16, 8, generator=g)
    logvar = torch.randn(16, 8, generator=g)
    t.given("mu, logvar: (16, 8) random")
    t.expect_close(t.call("kl_to_standard_normal", mu, logvar), ref_kl(mu, logvar), atol=1e-4)
