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
    # your code here
    raise NotImplementedError("write this part")


def modified_precision(candidate, references, n):
    """(clipped matches, total n-grams) of one candidate sentence (a list of words) against
    its ``references`` (a list of word lists)."""
    # your code here
    raise NotImplementedError("write this part")


def bleu(candidates, references, max_n=4):
    """Corpus BLEU of ``candidates`` (strings) against ``references`` (one list of strings per
    candidate), words split on spaces; a float in [0, 1]."""
    # your code here
    raise NotImplementedError("write this part")
