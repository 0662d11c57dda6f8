"""Checks for ssim, against torchmetrics' structural_similarity_index_measure."""

import torch
from torchmetrics.functional.image import structural_similarity_index_measure as reference

from genlab.exercises.checks import check


@check("the window: 11 x 11, peaked in the middle, summing to 1")
def window(t):
    w = t.call("gaussian_window")
    t.expect_tensor(w)
    t.expect(tuple(w.shape) == (11, 11), expected="shape (11, 11)", got=str(tuple(w.shape)))
    t.expect_close(float(w.sum()), 1.0, atol=1e-6, what="the sum")
    t.expect_close(float(w[5, 5] / w[5, 6]), float(torch.exp(torch.tensor(1 / (2 * 1.5 ** 2)))), atol=1e-5,
                   what="the ratio of the centre to its neighbour", why="sigma = 1.5")


@check("an image against itself: SSIM = 1")
def same(t):
    x = torch.rand(2, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    t.expect_close(t.call("ssim", x, x), 1.0, atol=1e-5)


def against(t, x, y, text):
    t.given(text)
    want = reference(x, y, data_range=1.0, gaussian_kernel=True, kernel_size=11, sigma=1.5)
    t.expect_close(t.call("ssim", x, y), float(want), atol=1e-4)


@check("a noisy copy, against torchmetrics")
def noisy(t):
    g = torch.Generator().manual_seed(1)
    x = torch.rand(3, 1, 32, 32, generator=g)
    against(t, x, (x + 0.1 * torch.randn(3, 1, 32, 32, generator=g)).clamp(0, 1), "3 random 32x32 images and noisy copies")


@check("a blurred copy: structure lost, against torchmetrics")
def blurred(t):
    g = torch.Generator().manual_seed(2)
    x = torch.rand(2, 1, 28, 28, generator=g)
    blur = torch.nn.functional.avg_pool2d(x, 3, stride=1, padding=1)
    against(t, x, blur, "2 random 28x28 images and 3x3 box-blurred copies")
