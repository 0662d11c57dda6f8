"""Checks for nearest-neighbour-copying."""

import torch

from genlab.exercises.checks import check


@check("distances to the nearest training image")
def nearest(t):
    train = torch.tensor([[0.0, 0.0], [3.0, 4.0]]).view(2, 1, 2)
    queries = torch.tensor([[0.0, 1.0], [3.0, 4.0], [6.0, 8.0]]).view(3, 1, 2)
    t.given("train = (0, 0), (3, 4); queries = (0, 1), (3, 4), (6, 8), as (N, 1, 2) images")
    t.expect_close(t.call("nearest_distances", queries, train), torch.tensor([1.0, 0.0, 5.0]), atol=1e-5,
                   why="flatten each image, then the minimum over the training set of the Euclidean distance")


@check("against a loop over every pair, on random images")
def random(t):
    g = torch.Generator().manual_seed(0)
    a, b = torch.rand(7, 1, 4, 4, generator=g), torch.rand(11, 1, 4, 4, generator=g)
    want = torch.stack([min(((q - r) ** 2).sum().sqrt() for r in b) for q in a])
    t.given("7 and 11 random 4x4 images")
    t.expect_close(t.call("nearest_distances", a, b), want, atol=1e-5)


@check("a copier is caught; fresh samples are not")
def rate(t):
    g = torch.Generator().manual_seed(1)
    train, held_out = torch.rand(50, 1, 5, 5, generator=g), torch.rand(20, 1, 5, 5, generator=g)
    far = torch.rand(4, 1, 5, 5, generator=g) + 3.0   # nowhere near the training images
    copies = torch.cat([train[:6], far])
    t.given("50 training and 20 held-out random images in [0, 1]; 10 samples: 6 training images, 4 in [3, 4]")
    t.expect_close(t.call("copy_rate", copies, train, held_out), 0.6, atol=1e-6)
    fresh = torch.rand(10, 1, 5, 5, generator=g)
    t.given("the same sets; 10 fresh random images in [0, 1]")
    want = float((torch.cdist(fresh.flatten(1), train.flatten(1)).min(1).values
                  < torch.cdist(held_out.flatten(1), train.flatten(1)).min(1).values.min()).float().mean())
    t.expect_close(t.call("copy_rate", fresh, train, held_out), want, atol=1e-6,
                   what="the copy rate of 10 fresh random samples")
