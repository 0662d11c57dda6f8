"""Checks for spectral-norm, against torch.linalg.matrix_norm(W, ord=2)."""

import torch

from genlab.exercises.checks import check


@check("a diagonal matrix: the largest entry, in one iteration from a good start")
def diagonal(t):
    w = torch.diag(torch.tensor([3.0, 1.0, 0.5]))
    t.given("W = diag(3, 1, 0.5), u = [1, 1, 1] / sqrt(3), 20 iterations")
    sigma, u = t.call("power_iteration", w, torch.ones(3) / 3 ** 0.5, 20)
    t.expect_close(sigma, 3.0, what="sigma", atol=1e-4)
    t.expect_close(u.abs(), torch.tensor([1.0, 0.0, 0.0]), what="|u|", atol=1e-3)


@check("a random matrix converges to its spectral norm")
def random(t):
    g = torch.Generator().manual_seed(0)
    w, u = torch.randn(6, 4, generator=g), torch.randn(6, generator=g)
    t.given("W: (6, 4) random, u: (6,) random, 50 iterations")
    sigma, _ = t.call("power_iteration", w, u, 50)
    t.expect_close(sigma, float(torch.linalg.matrix_norm(w, ord=2)), what="sigma", rtol=1e-4, atol=1e-4)


@check("one iteration per call, reusing u, converges too (what training does)")
def reuse(t):
    g = torch.Generator().manual_seed(1)
    w, u = torch.randn(5, 5, generator=g), torch.randn(5, generator=g)
    t.given("W: (5, 5) random; 60 calls of one iteration each, passing the returned u back in")
    for _ in range(60):
        sigma, u = t.call("power_iteration", w, u, 1)
    t.expect_close(sigma, float(torch.linalg.matrix_norm(w, ord=2)), what="sigma", rtol=1e-3, atol=1e-3)


@check("a normalised conv kernel has spectral norm 1 (reshaped to (out, -1))")
def conv(t):
    g = torch.Generator().manual_seed(2)
    w, u = torch.randn(8, 3, 3, 3, generator=g), torch.randn(8, generator=g)
    t.given("W: (8, 3, 3, 3) random conv kernel, u: (8,) random, 100 iterations")
    got, _ = t.call("spectral_normalize", w, u, 100)
    t.expect_tensor(got)
    t.expect(tuple(got.shape) == (8, 3, 3, 3), expected="the kernel's own shape (8, 3, 3, 3)", got=str(tuple(got.shape)))
    t.expect_close(float(torch.linalg.matrix_norm(got.reshape(8, -1), ord=2)), 1.0, atol=1e-3,
                   what="the spectral norm of the result")
