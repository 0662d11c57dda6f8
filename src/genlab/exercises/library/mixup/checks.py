"""Checks for mixup."""

import torch

from genlab.exercises.checks import check


@check("mixup blends each image with its partner, and the labels the same way")
def blend(t):
    x = torch.arange(12.0).view(3, 4)
    y = torch.tensor([0, 2, 1])
    perm = torch.tensor([2, 0, 1])
    t.given("x = rows [0..3], [4..7], [8..11]; y = [0, 2, 1]; lam = 0.7; perm = [2, 0, 1]; 3 classes")
    got = t.unpack(t.call("mixup", x, y, 0.7, perm, 3), ("x_mix", "y_mix"))
    t.expect_close(got[0], 0.7 * x + 0.3 * x[perm], what="x_mix", atol=1e-6)
    want_y = torch.tensor([[0.7, 0.3, 0.0], [0.3, 0.0, 0.7], [0.0, 0.7, 0.3]])
    t.expect_close(got[1], want_y, what="y_mix", atol=1e-6,
                   why="blend the one-hot rows of y and y[perm] with the same lam as the images")


@check("lam = 1 leaves the batch as it is")
def identity(t):
    x, y = torch.randn(4, 2, 2), torch.tensor([1, 0, 1, 1])
    xm, ym = t.unpack(t.call("mixup", x, y, 1.0, torch.tensor([3, 2, 1, 0]), 2), ("x_mix", "y_mix"))
    t.expect_close(xm, x, what="x_mix", atol=0)
    t.expect_close(ym, torch.nn.functional.one_hot(y, 2).float(), what="y_mix", atol=0)


@check("a share of generated images is added after the real ones")
def mixed(t):
    real_x, real_y = torch.zeros(10, 1, 2, 2), torch.zeros(10, dtype=torch.long)
    gen_x, gen_y = torch.ones(20, 1, 2, 2), torch.arange(20) % 3
    t.given("10 real images (zeros), 20 generated ones (ones), share = 0.5")
    x, y = t.unpack(t.call("mix_real_and_generated", real_x, real_y, gen_x, gen_y, 0.5), ("x", "y"))
    t.expect(tuple(x.shape) == (15, 1, 2, 2), expected="15 images: 10 real + round(0.5 * 10) generated",
             got=str(tuple(x.shape)))
    t.expect_close(x[10:], gen_x[:5], what="the generated part", atol=0)
    t.expect_close(y, torch.cat([real_y, gen_y[:5]]), what="y", atol=0)
    x0, _ = t.unpack(t.call("mix_real_and_generated", real_x, real_y, gen_x, gen_y, 0.0), ("x", "y"))
    t.expect(len(x0) == 10, expected="share 0: the 10 real images alone", got=f"{len(x0)} images")
