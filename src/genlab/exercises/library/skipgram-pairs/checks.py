"""Checks for skipgram-pairs."""

import numpy as np

from genlab.exercises.checks import check


@check("window 1 on four tokens")
def window1(t):
    t.expect_equal(t.call("skipgram_pairs", [10, 11, 12, 13], 1),
                   [(10, 11), (11, 10), (11, 12), (12, 11), (12, 13), (13, 12)])


@check("window 2: the edges have fewer contexts")
def window2(t):
    got = t.call("skipgram_pairs", [1, 2, 3], 2)
    t.expect_equal(got, [(1, 2), (1, 3), (2, 1), (2, 3), (3, 1), (3, 2)],
                   why="offsets -2, -1, 1, 2 around each position, skipping those outside the sequence")


@check("the count: every position has up to 2 * window contexts")
def count(t):
    tokens = list(range(20))
    got = t.call("skipgram_pairs", tokens, 3)
    t.expect_equal(len(got), 2 * (3 * 20 - (1 + 2 + 3)), what="the number of pairs")


@check("subsampling keeps rare words and thins out frequent ones")
def subsampling(t):
    freq = np.array([1e-5, 1e-3, 0.01, 0.1])
    ratio = 1e-3 / freq
    t.expect_close(t.call("keep_probability", freq), np.minimum(1, np.sqrt(ratio) + ratio), atol=1e-12)
    t.expect_close(t.call("keep_probability", np.array([1e-5]))[0], 1.0, atol=0, what="a rare word's probability",
                   why="the probability is capped at 1")
