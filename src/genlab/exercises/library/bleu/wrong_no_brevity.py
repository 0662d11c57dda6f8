# Plausible mistake: leaves out the brevity penalty
"""NLP: BLEU (Papineni et al. 2002), how machine translation is scored.

BLEU asks how many of the candidate's n-grams (n = 1..4) appear in a reference translation,
clipping each n-gram's count to the most any one reference has (so "the the the" does not score
on "the"), and combines the precisions by a geometric mean. Precision alone rewards short
candidates, so a brevity penalty scales the score down when the candidates are shorter than the
references. It is computed over a whole corpus, not averaged over sentences.

Check your work with:  genlab check bleu
"""

import math
from collections import Counter


def ngrams(words, n):
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def modified_precision(candidate, references, n):
    """(clipped matches, total n-grams) of one candidate sentence (a list of words) against
    its ``references`` (a list of word lists)."""
    counts = ngrams(candidate, n)
    most = Counter()
    for ref in references:
        for gram, c in ngrams(ref, n).items():
            most[gram] = max(most[gram], c)
    clipped = sum(min(c, most[gram]) for gram, c in counts.items())
    return clipped, max(0, len(candidate) - n + 1)


def bleu(candidates, references, max_n=4):
    """Corpus BLEU of ``candidates`` (strings) against ``references`` (one list of strings per
    candidate), words split on spaces; a float in [0, 1]."""
    cands = [c.split() for c in candidates]
    refs = [[r.split() for r in rs] for rs in references]
    log_p = 0.0
    for n in range(1, max_n + 1):
        matches = totals = 0
        for c, rs in zip(cands, refs):
            m, tot = modified_precision(c, rs, n)
            matches, totals = matches + m, totals + tot
        if matches == 0:
            return 0.0
        log_p += math.log(matches / totals) / max_n
    c_len = sum(len(c) for c in cands)
    r_len = sum(min((abs(len(r) - len(c)), len(r)) for r in rs)[1] for c, rs in zip(cands, refs))
    bp = 1.0
    return bp * math.exp(log_p)
