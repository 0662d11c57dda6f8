"""Checks for python-classes."""

import numpy as np

from genlab.exercises.checks import check


def make(t, *args, **kwargs):
    return t.get("PairsDataset")(*args, **kwargs)


@check("len and indexing")
def basics(t):
    x, y = np.arange(6).reshape(3, 2), np.array([10, 11, 12])
    t.given("PairsDataset(x = [[0, 1], [2, 3], [4, 5]], y = [10, 11, 12])")
    ds = make(t, x, y)
    t.expect_equal(len(ds), 3, what="len(ds)")
    got = ds[1]
    t.expect(isinstance(got, tuple) and len(got) == 2, expected="a tuple (x, y)", got=repr(got))
    t.expect_close(got[0], np.array([2, 3]), what="ds[1][0]", atol=0)
    t.expect_equal(int(got[1]), 11, what="ds[1][1]")


@check("negative indices and the end")
def indices(t):
    ds = make(t, np.arange(4).reshape(4, 1), np.arange(4))
    t.given("a dataset of 4 examples; ds[-1] and ds[4]")
    t.expect_equal(int(ds[-1][1]), 3, what="ds[-1][1]")
    try:
        ds[4]
    except IndexError:
        pass
    else:
        t.fail(expected="IndexError for ds[4]", got="no error", why="a for loop over ds stops at the IndexError")
    t.expect_equal([int(y) for _, y in ds], [0, 1, 2, 3], what="the labels of `for x, y in ds`")


@check("the transform is applied on access")
def transform(t):
    ds = make(t, np.ones((2, 3)), np.zeros(2), transform=lambda v: v * 5)
    t.given("x = ones (2, 3), transform multiplies by 5")
    t.expect_close(ds[0][0], np.full(3, 5.0), what="ds[0][0]", atol=0)


@check("mismatched lengths are refused; the repr says what it holds")
def checks(t):
    t.given("PairsDataset(x of 3 examples, y of 2)")
    try:
        make(t, np.zeros((3, 2)), np.zeros(2))
    except ValueError:
        pass
    else:
        t.fail(expected="ValueError for 3 x values and 2 y values", got="no error")
    t.given("repr(PairsDataset(x = zeros (3, 2), y = zeros 3))")
    text = repr(make(t, np.zeros((3, 2)), np.zeros(3)))
    t.expect("3 examples" in text and "(2,)" in text, expected="a repr naming '3 examples' and the shape (2,)",
             got=repr(text))
