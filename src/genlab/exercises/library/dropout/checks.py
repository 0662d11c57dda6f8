"""Checks for dropout: the mask it must draw, the scale, evaluation and the edge cases."""

import torch

from genlab.exercises.checks import check


@check("training: the values where rand >= p are kept and scaled by 1 / (1 - p)")
def mask(t):
    x = torch.arange(1.0, 9.0)
    t.given("x = [1, ..., 8], p = 0.25, training=True, generator seeded 0")
    got = t.call("dropout", x, 0.25, True, torch.Generator().manual_seed(0))
    keep = torch.rand(8, generator=torch.Generator().manual_seed(0)) >= 0.25
    t.expect_close(got, x * keep / 0.75, atol=1e-6,
                   why="scale the kept values by 1 / (1 - p): inverted dropout keeps the mean")


@check("the mean is kept on average")
def mean(t):
    x = torch.ones(200_000)
    got = t.call("dropout", x, 0.6, True, torch.Generator().manual_seed(1))
    t.expect_close(float(got.mean()), 1.0, atol=0.02, what="the mean of the output")
    t.expect_close(float((got == 0).float().mean()), 0.6, atol=0.01, what="the share of zeros")


@check("evaluation returns the input unchanged")
def evaluation(t):
    x = torch.randn(3, 4)
    t.expect_close(t.call("dropout", x, 0.5, False), x, atol=0)


@check("p = 0 keeps everything; p = 1 drops everything (no division by zero)")
def edges(t):
    x = torch.randn(5)
    t.expect_close(t.call("dropout", x, 0.0, True, torch.Generator().manual_seed(2)), x, atol=0)
    t.expect_close(t.call("dropout", x, 1.0, True, torch.Generator().manual_seed(2)), torch.zeros(5), atol=0)
