"""Checks for conv2d-forward, against torch.nn.functional.conv2d."""

import contextlib

import torch
import torch.nn.functional as F

from genlab.exercises.checks import check

REAL_CONV = F.conv2d


@contextlib.contextmanager
def no_builtin_conv():
    def forbidden(*args, **kwargs):
        raise RuntimeError("conv2d called: write the convolution with tensor operations")

    saved = (F.conv2d, torch.conv2d)
    F.conv2d = torch.conv2d = forbidden
    try:
        yield
    finally:
        F.conv2d, torch.conv2d = saved


def case(t, n, c, h, w, o, kh, kw, stride=1, padding=0, bias=True, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, c, h, w, generator=g)
    weight = torch.randn(o, c, kh, kw, generator=g)
    b = torch.randn(o, generator=g) if bias else None
    t.given(f"x: {tuple(x.shape)}, weight: {tuple(weight.shape)}, bias: "
            f"{'(%d,)' % o if bias else 'None'}, stride={stride}, padding={padding} (random)")
    with no_builtin_conv():
        got = t.call("conv2d", x, weight, b, stride=stride, padding=padding)
    want = REAL_CONV(x, weight, b, stride=stride, padding=padding)
    t.expect_close(got, want, atol=1e-4, rtol=1e-4)


@check("a 3x3 kernel over a 1-channel image")
def basic(t):
    case(t, 1, 1, 5, 5, 1, 3, 3)


@check("several input and output channels, with bias")
def channels(t):
    case(t, 2, 3, 6, 7, 4, 3, 3, seed=1)


@check("stride 2 and padding 1")
def stride_padding(t):
    case(t, 2, 2, 7, 6, 3, 3, 3, stride=2, padding=1, seed=2)


@check("a non-square kernel, no bias")
def rectangular(t):
    case(t, 1, 2, 5, 8, 2, 2, 4, bias=False, seed=3)


@check("a kernel as large as the image gives a 1x1 output")
def full(t):
    case(t, 3, 2, 4, 4, 5, 4, 4, seed=4)


@check("a 1x1 kernel mixes channels only")
def pointwise(t):
    case(t, 2, 4, 3, 3, 2, 1, 1, seed=5)


@check("gradients flow to x, weight and bias like torch's")
def gradients(t):
    g = torch.Generator().manual_seed(6)
    x = torch.randn(2, 2, 5, 5, generator=g, requires_grad=True)
    weight = torch.randn(3, 2, 3, 3, generator=g, requires_grad=True)
    b = torch.randn(3, generator=g, requires_grad=True)
    t.given("x: (2, 2, 5, 5), weight: (3, 2, 3, 3), bias: (3,), stride=1, padding=1; "
            "the gradients of out.sum() * 1.5")
    with no_builtin_conv():
        out = t.call("conv2d", x, weight, b, stride=1, padding=1)
    t.expect_tensor(out)
    t.expect(out.requires_grad, expected="an output connected to the inputs",
             got="a tensor without gradient", why="build the output from x, weight and bias")
    (out.sum() * 1.5).backward()
    got = [x.grad.clone(), weight.grad.clone(), b.grad.clone()]
    for p in (x, weight, b):
        p.grad = None
    (REAL_CONV(x, weight, b, padding=1).sum() * 1.5).backward()
    for name, gv, p in zip(("x.grad", "weight.grad", "bias.grad"), got, (x, weight, b)):
        t.expect_close(gv, p.grad, what=name, atol=1e-4, rtol=1e-4)
