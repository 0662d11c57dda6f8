# Plausible mistake: merges overlapping pairs, making tokens out of nothing
"""NLP: byte-pair encoding (Sennrich, Haddow & Birch 2016), the tokenizer of GPT-2 and most LLMs.

BPE starts from bytes (or characters) and learns a vocabulary by repeatedly merging the most
frequent adjacent pair into a new token: "t" "h" becomes "th", later "th" "e" becomes "the".
Frequent words end up as one token, rare words as several, and no word is ever unknown.
genlab's GPT lab can train on BPE tokens (`--set model.tokenizer="bpe"`).

Check your work with:  genlab check bpe-merge
"""

from collections import Counter


def most_frequent_pair(ids):
    """The most frequent adjacent pair (a, b) in the list ``ids``; on a tie, the one whose first
    occurrence comes first. None for fewer than two ids."""
    counts = Counter(zip(ids, ids[1:]))
    if not counts:
        return None
    best = max(counts.values())
    return next(pair for pair in zip(ids, ids[1:]) if counts[pair] == best)


def merge(ids, pair, new_id):
    """``ids`` with every occurrence of ``pair``, left to right and not overlapping, replaced by ``new_id``."""
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 1
        else:
            out.append(ids[i])
            i += 1
    return out
