"""Checks for early-stopping: improving, flat, noisy and NaN curves."""

from genlab.exercises.checks import check


def replay(t, losses, patience, min_delta=0.0):
    make = t.get("EarlyStopping")
    t.given(f"EarlyStopping(patience={patience}, min_delta={min_delta}) fed {losses}")
    stopper = make(patience=patience, min_delta=min_delta)
    for i, loss in enumerate(losses):
        if stopper.step(loss, i * 100):
            return i, stopper
    return None, stopper


@check("a falling curve never stops")
def falling(t):
    at, s = replay(t, [5.0, 4.0, 3.0, 2.5, 2.0], 2)
    t.expect(at is None, expected="no stop", got=f"stopped at evaluation {at}")
    t.expect_close(s.best, 2.0, what="best")
    t.expect_equal(s.best_step, 400, what="best_step")


@check("it stops after patience evaluations without improvement, and keeps the best")
def rising(t):
    at, s = replay(t, [3.0, 2.0, 2.1, 2.2, 2.3, 1.0], 3)
    t.expect_equal(at, 4, what="the evaluation it stopped at",
                   why="three bad evaluations after the best (2.1, 2.2, 2.3): stop on the third")
    t.expect_equal(s.best_step, 100, what="best_step")


@check("an improvement resets the count")
def reset(t):
    at, _ = replay(t, [3.0, 3.1, 2.9, 3.0, 3.0, 3.0], 2)
    t.expect_equal(at, 4, what="the evaluation it stopped at")


@check("min_delta: a tiny improvement is not an improvement")
def delta(t):
    at, s = replay(t, [1.0, 0.999, 0.998, 0.5], 2, min_delta=0.01)
    t.expect_equal(at, 2, what="the evaluation it stopped at",
                   why="0.999 is not below 1.0 - 0.01, so it counts as no improvement")
    t.expect_close(s.best, 1.0, what="best")


@check("a NaN loss is never the best")
def nan(t):
    at, s = replay(t, [2.0, float("nan"), float("nan")], 2)
    t.expect_equal(at, 2, what="the evaluation it stopped at")
    t.expect_close(s.best, 2.0, what="best")
