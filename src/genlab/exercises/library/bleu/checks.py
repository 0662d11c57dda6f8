"""Checks for bleu, against torchmetrics.functional.text.bleu_score."""

from torchmetrics.functional.text import bleu_score

from genlab.exercises.checks import check


@check("clipped counts: 'the the the' against 'the cat' matches 'the' once")
def clipped(t):
    t.expect_equal(t.call("modified_precision", ["the", "the", "the"], [["the", "cat"]], 1), (1, 3))
    t.expect_equal(t.call("modified_precision", ["the", "cat", "the"], [["the", "cat"], ["the", "the"]], 1), (3, 3),
                   why="clip each n-gram to the most any *one* reference has: 'the' twice in the second")


@check("a perfect translation scores 1; no shared 4-gram scores 0")
def extremes(t):
    t.expect_close(t.call("bleu", ["a b c d e"], [["a b c d e"]]), 1.0, atol=1e-9)
    t.expect_close(t.call("bleu", ["the cat is on the mat"], [["the cat sat on the mat"]]), 0.0, atol=1e-9)


def against(t, cands, refs, n):
    t.given(f"candidates {cands}, references {refs}, max_n={n}")
    t.expect_close(t.call("bleu", cands, refs, n), float(bleu_score(cands, refs, n_gram=n)), atol=1e-5)


@check("bigram BLEU with several references, against torchmetrics")
def bigram(t):
    against(t, ["the cat is on the mat"], [["the cat sat on the mat", "there is a cat on the mat"]], 2)


@check("a short candidate pays the brevity penalty")
def brevity(t):
    against(t, ["the cat"], [["the cat sat on the mat"]], 2)


@check("a corpus of three sentences, 4-gram BLEU")
def corpus(t):
    cands = ["it is a guide to action which ensures that the military always obeys the commands of the party",
             "he read the book because he was interested in world history",
             "the quick brown fox jumps over the lazy dog"]
    refs = [["it is a guide to action that ensures that the military will forever heed party commands",
             "it is the guiding principle which guarantees the military forces always being under the command of the party"],
            ["he was interested in world history because he read the book"],
            ["the quick brown fox jumped over the lazy dog"]]
    against(t, cands, refs, 4)
