# Plausible mistake: takes only the words after the centre
"""NLP: the training pairs of skip-gram (Mikolov et al. 2013).

Skip-gram learns a vector per word by predicting, from each word, the words around it: every
position gives pairs (centre, context) for the context words within ``window`` positions. Very
frequent words ("the", "of") say little about their neighbours and would dominate the pairs, so
each occurrence of a word with corpus share f is kept with probability about sqrt(t / f).
genlab's word2vec lab (`genlab train word2vec`) builds its pairs this way.

Check your work with:  genlab check skipgram-pairs
"""

import numpy as np


def skipgram_pairs(tokens, window):
    """The (centre, context) pairs of ``tokens`` (a list of ids) in order: for each position,
    the contexts at offsets -window..-1, then 1..window, inside the sequence."""
    pairs = []
    for i, centre in enumerate(tokens):
        for d in range(1, window + 1):
            j = i + d
            if 0 <= j < len(tokens):
                pairs.append((centre, tokens[j]))
    return pairs


def keep_probability(freq, t=1e-3):
    """The probability of keeping an occurrence of a word with corpus share ``freq`` (an array):
    min(1, sqrt(t / f) + t / f)."""
    ratio = t / np.asarray(freq, float)
    return np.minimum(1.0, np.sqrt(ratio) + ratio)
