"""Checks for layer-norm, against torch.nn.functional.layer_norm."""

import torch
import torch.nn.functional as F

from genlab.exercises.checks import check

REAL_LN = F.layer_norm


def forbidden(*args, **kwargs):
    raise RuntimeError("layer_norm called: write it with tensor operations")


_TORCH_LN = torch.layer_norm


def call(t, x, w, b, eps=1e-5):
    F.layer_norm = torch.layer_norm = forbidden
    try:
        return t.call("layer_norm", x, w, b, eps)
    finally:
        F.layer_norm = REAL_LN
        torch.layer_norm = _TORCH_LN


def case(t, shape, seed, scale=1.0, offset=0.0, eps=1e-5):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(*shape, generator=g) * scale + offset
    d = shape[-1]
    w = torch.randn(d, generator=g)
    b = torch.randn(d, generator=g)
    t.given(f"x: {tuple(shape)} random{' x %g' % scale if scale != 1 else ''}"
            f"{' + %g' % offset if offset else ''}, weight and bias: ({d},) random, eps={eps}")
    got = call(t, x, w, b, eps)
    t.expect_close(got, REAL_LN(x, (d,), w, b, eps), atol=1e-4, rtol=1e-4)


@check("a batch of vectors")
def basic(t):
    case(t, (4, 6), 0)


@check("a 3-D tensor (batch, time, features) normalises each vector on its own")
def three_d(t):
    case(t, (2, 5, 8), 1)


@check("a small dimension (D = 2), where the biased variance matters most")
def small_d(t):
    case(t, (3, 2), 2)


@check("a constant vector gives bias, not NaN")
def constant(t):
    x = torch.full((2, 4), 3.0)
    w = torch.tensor([1.0, 2.0, 3.0, 4.0])
    b = torch.tensor([0.5, -0.5, 1.0, 0.0])
    got = call(t, x, w, b)
    t.expect_close(got, b.expand(2, 4), atol=1e-5, why="eps keeps 0 / 0 away: sqrt(var + eps)")


@check("a large eps and a large scale")
def eps(t):
    case(t, (3, 5), 3, scale=0.1, eps=0.5)
    case(t, (3, 5), 4, scale=100.0, offset=1000.0)


@check("gradients match torch's layer_norm")
def gradients(t):
    g = torch.Generator().manual_seed(5)
    x = torch.randn(3, 7, generator=g, requires_grad=True)
    w = torch.randn(7, generator=g, requires_grad=True)
    b = torch.randn(7, generator=g, requires_grad=True)
    t.given("x: (3, 7), weight, bias: (7,); gradients of (y * y.detach()).sum()")
    y = call(t, x, w, b)
    t.expect_tensor(y)
    (y * y.detach()).sum().backward()
    got = [x.grad.clone(), w.grad.clone(), b.grad.clone()]
    for p in (x, w, b):
        p.grad = None
    ref = REAL_LN(x, (7,), w, b, 1e-5)
    (ref * ref.detach()).sum().backward()
    for name, gv, p in zip(("x.grad", "weight.grad", "bias.grad"), got, (x, w, b)):
        t.expect_close(gv, p.grad, what=name, atol=1e-4, rtol=1e-4)
