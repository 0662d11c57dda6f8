"""Checks for max-pool, against torch.nn.functional.max_pool2d."""

import torch
import torch.nn.functional as F

from genlab.exercises.checks import check

REAL_POOL = F.max_pool2d


def forbidden(*args, **kwargs):
    raise RuntimeError("max_pool2d called: write the pooling with tensor operations")


def case(t, shape, k, stride=None, seed=0, shift=0.0):
    x = torch.randn(*shape, generator=torch.Generator().manual_seed(seed)) + shift
    t.given(f"x: {tuple(shape)} random{' minus %g' % -shift if shift else ''}, "
            f"kernel_size={k}, stride={stride}")
    F.max_pool2d = forbidden
    try:
        got = t.call("max_pool2d", x, k, stride)
    finally:
        F.max_pool2d = REAL_POOL
    t.expect_close(got, REAL_POOL(x, k, stride), atol=1e-6)


@check("2x2 windows with the default stride")
def basic(t):
    x = torch.arange(16.0).reshape(1, 1, 4, 4)
    got = t.call("max_pool2d", x, 2)
    t.expect_close(got, torch.tensor([[[[5.0, 7.0], [13.0, 15.0]]]]))


@check("several images and channels")
def batch(t):
    case(t, (2, 3, 6, 6), 2, seed=1)


@check("all-negative inputs keep their (negative) maxima")
def negative(t):
    case(t, (1, 2, 4, 4), 2, seed=2, shift=-10.0)


@check("a stride smaller than the window (overlapping windows)")
def overlap(t):
    case(t, (1, 1, 5, 5), 3, stride=1, seed=3)


@check("sizes that do not divide evenly drop the last partial window")
def uneven(t):
    case(t, (2, 1, 7, 5), 2, seed=4)


@check("gradients reach exactly the maxima, like torch's")
def gradients(t):
    x = torch.randn(1, 2, 4, 6, generator=torch.Generator().manual_seed(5), requires_grad=True)
    t.given("x: (1, 2, 4, 6) random, kernel_size=2; the gradient of out.sum()")
    out = t.call("max_pool2d", x, 2)
    t.expect_tensor(out)
    t.expect(out.requires_grad, expected="an output connected to x", got="no gradient")
    out.sum().backward()
    got = x.grad.clone()
    x.grad = None
    REAL_POOL(x, 2).sum().backward()
    t.expect_close(got, x.grad, what="x.grad")
