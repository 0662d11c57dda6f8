"""Checks for list-comprehensions."""

from genlab.exercises.checks import check


@check("the vocabulary of a text")
def vocab(t):
    t.expect_equal(t.call("vocabulary", "hello world"), [" ", "d", "e", "h", "l", "o", "r", "w"])
    t.expect_equal(t.call("vocabulary", ""), [])


@check("windows of a text and their targets, shifted by one")
def windows(t):
    t.expect_equal(t.call("char_windows", "hello", 3), [("hel", "ell"), ("ell", "llo")])
    t.expect_equal(t.call("char_windows", "ab", 1), [("a", "b")],
                   why="the last window must still have a target character after it")
    t.expect_equal(t.call("char_windows", "ab", 2), [])


@check("inverting a mapping; the first key wins a tie")
def inverted(t):
    t.expect_equal(t.call("invert", {"a": 0, "b": 1}), {0: "a", 1: "b"})
    t.expect_equal(t.call("invert", {"x": 1, "y": 2, "z": 1}), {1: "x", 2: "y"},
                   why="keys x and z both map to 1: keep x, the first")
