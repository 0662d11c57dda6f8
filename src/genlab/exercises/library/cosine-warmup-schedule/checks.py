"""Checks for cosine-warmup-schedule: the warm-up, the cosine, the floor, the end."""

import math

from genlab.exercises.checks import check


@check("the warm-up climbs linearly from base_lr / warmup to base_lr")
def warmup(t):
    for step, want in ((0, 0.01), (4, 0.05), (9, 0.1)):
        t.expect_close(t.call("lr_at", step, 100, 0.1, 10), want, atol=1e-12)


@check("just after the warm-up the rate is the base rate; halfway it is half")
def cosine(t):
    t.expect_close(t.call("lr_at", 10, 110, 0.1, 10), 0.1, atol=1e-12)
    t.expect_close(t.call("lr_at", 60, 110, 0.1, 10), 0.05, atol=1e-12,
                   why="halfway through the decay cos(pi / 2) = 0, so the rate is (base + min) / 2")


@check("the floor: the last step reaches min_lr, and later steps stay there")
def floor(t):
    t.expect_close(t.call("lr_at", 100, 100, 1.0, 0, 0.1), 0.1, atol=1e-12)
    t.expect_close(t.call("lr_at", 150, 100, 1.0, 0, 0.1), 0.1, atol=1e-12,
                   why="clamp the progress to 1 past the end: the cosine would climb back up")


@check("no warm-up: the schedule starts at the base rate")
def none(t):
    t.expect_close(t.call("lr_at", 0, 50, 3e-4), 3e-4, atol=1e-15)
    want = 3e-4 * 0.5 * (1 + math.cos(math.pi * 0.25))
    t.expect_close(t.call("lr_at", 10, 40, 3e-4), want, atol=1e-15)
