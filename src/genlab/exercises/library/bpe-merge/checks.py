"""Checks for bpe-merge."""

from genlab.exercises.checks import check


@check("the most frequent pair of a short text")
def frequent(t):
    ids = list(b"aaabdaaabac")
    t.given("the bytes of 'aaabdaaabac'")
    t.expect_equal(t.call("most_frequent_pair", ids), (97, 97), why="('a', 'a') occurs four times")


@check("ties go to the pair seen first")
def ties(t):
    t.expect_equal(t.call("most_frequent_pair", [5, 6, 5, 6, 7, 8, 7, 8]), (5, 6))
    got = t.call("most_frequent_pair", [1])
    t.expect(got is None, expected="None for a single id (there is no pair)", got=repr(got))


@check("merging replaces every occurrence")
def merging(t):
    t.expect_equal(t.call("merge", [1, 2, 3, 1, 2, 4], (1, 2), 99), [99, 3, 99, 4])


@check("overlapping pairs merge from the left, once each")
def overlap(t):
    t.expect_equal(t.call("merge", [7, 7, 7], (7, 7), 50), [50, 7])
    t.expect_equal(t.call("merge", [7, 7, 7, 7], (7, 7), 50), [50, 50])


@check("three merges on 'aaabdaaabac' give the tokens of the BPE paper's example")
def three(t):
    ids = list(b"aaabdaaabac")
    for new in (256, 257, 258):
        ids = t.call("merge", ids, t.call("most_frequent_pair", ids), new)
    t.expect_equal(ids, [258, 100, 258, 97, 99], why="aa -> Z, Za -> Y (ab ties later), Yb -> X: 'XdXac'")
