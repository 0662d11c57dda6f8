"""Checks for conv-transpose, against torch.nn.functional.conv_transpose2d."""

import torch
import torch.nn.functional as F

from genlab.exercises.checks import check


@check("output sizes of the DCGAN generator's layers")
def sizes(t):
    t.expect_equal(t.call("conv_transpose_output_size", 7, 4, 2, 1), 14,
                   why="(7 - 1) * 2 - 2 * 1 + 4 = 14: how 7x7 becomes 14x14")
    t.expect_equal(t.call("conv_transpose_output_size", 14, 4, 2, 1), 28)
    t.expect_equal(t.call("conv_transpose_output_size", 3, 3, 2, 0, 1), 8)
    t.expect_equal(t.call("conv_transpose_output_size", 5, 3), 7)


def against_torch(t, h, w, k, s, seed):
    g = torch.Generator().manual_seed(seed)
    x, kern = torch.randn(h, w, generator=g), torch.randn(k, k, generator=g)
    t.given(f"x: ({h}, {w}) random, w: ({k}, {k}) random, stride {s}")
    got = t.call("conv_transpose2d", x, kern, s)
    t.expect_tensor(got)
    t.expect_close(got, F.conv_transpose2d(x[None, None], kern[None, None], stride=s)[0, 0], atol=1e-5)


@check("stride 1: the kernels overlap everywhere")
def stride1(t):
    against_torch(t, 3, 3, 2, 1, 0)


@check("stride 2 with a 3x3 kernel: uneven overlap (the checkerboard)")
def stride2(t):
    against_torch(t, 4, 3, 3, 2, 1)


@check("one pixel paints exactly the kernel")
def impulse(t):
    x = torch.zeros(2, 2)
    x[1, 0] = 2.0
    w = torch.arange(1.0, 5.0).view(2, 2)
    want = torch.zeros(4, 4)
    want[2:4, 0:2] = 2 * w
    t.given("x = [[0, 0], [2, 0]], w = [[1, 2], [3, 4]], stride 2")
    t.expect_close(t.call("conv_transpose2d", x, w, 2), want, atol=0,
                   why="input pixel (1, 0) paints 2 * w at rows 2..3, columns 0..1; the kernel is not flipped")
