"""Verbatim copying in generated text: the longest runs it shares with the training corpus.

For each generated sample, the *matching statistic* at position i is the length of the longest
substring starting at i that occurs somewhere in the training text; its maximum is the sample's
longest verbatim overlap. It is computed in one pass, using that the match at i + 1 is at least
the match at i minus one, with Python's substring search over the corpus (written out to teach
it; a suffix array would be faster for big corpora). Lengths are in the model's units of text:
characters here (a 50-gram of characters is about nine English words), as the char models see it.
The share of samples that contain any training n-gram of length ``n`` (50 by default, the span
Carlini et al. 2021 used to count extracted training text) is the headline number.
"""

from __future__ import annotations


def longest_overlap(sample: str, corpus: str) -> tuple[int, int]:
    """(length, start in ``sample``) of the longest substring of ``sample`` found in ``corpus``."""
    best, best_at, length = 0, 0, 0
    for i in range(len(sample)):
        length = max(length - 1, 0)
        while i + length < len(sample) and sample[i:i + length + 1] in corpus:
            length += 1
        if length > best:
            best, best_at = length, i
    return best, best_at


def text_copying(samples: list[str], corpus: str, n: int = 50) -> dict:
    """The text audit over ``samples`` against the training ``corpus``."""
    rows = []
    for k, text in enumerate(samples):
        length, at = longest_overlap(text, corpus)
        rows.append({"sample": k, "chars": len(text), "longest": length, "excerpt": text[at:at + length]})
    longest = max(rows, key=lambda r: r["longest"]) if rows else {"longest": 0, "excerpt": ""}
    with_ngram = sum(r["longest"] >= n for r in rows)
    return {"samples": len(rows), "n": n, "share_with_training_ngram": with_ngram / max(len(rows), 1),
            "longest": longest["longest"], "longest_excerpt": longest["excerpt"][:500],
            "mean_longest": sum(r["longest"] for r in rows) / max(len(rows), 1),
            "per_sample": [{k: v for k, v in r.items() if k != "excerpt"} for r in rows]}


def summary(result: dict) -> str:
    return (f"{result['share_with_training_ngram']:.0%} of {result['samples']} samples contain a "
            f"training {result['n']}-gram (characters); longest verbatim overlap {result['longest']} "
            f"characters, mean per sample {result['mean_longest']:.1f}")
