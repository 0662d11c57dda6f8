# Plausible mistake: stops one window early
"""Python: comprehensions, the idiom for building lists, sets and dicts from other data.

``[f(x) for x in xs if cond(x)]`` builds a list in one readable line; ``{...}`` with one
expression builds a set, with ``key: value`` a dict. Every language lab starts this way: the
vocabulary of a text, an index for each token, and windows of text to predict from.

Check your work with:  genlab check list-comprehensions
"""


def vocabulary(text):
    """The distinct characters of ``text``, sorted, as a list."""
    return sorted({ch for ch in text})


def char_windows(text, size):
    """Every (input, target) pair of ``size`` characters: input text[i:i+size] and target the
    same window shifted by one, for every i where the target fits."""
    return [(text[i:i + size], text[i + 1:i + size + 1]) for i in range(len(text) - size - 1)]


def invert(mapping):
    """The dict from values to keys. When keys share a value, the first key (in the dict's
    order) wins."""
    return {v: k for k, v in reversed(list(mapping.items()))}
