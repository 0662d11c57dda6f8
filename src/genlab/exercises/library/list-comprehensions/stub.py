"""Python: comprehensions, the idiom for building lists, sets and dicts from other data.

``[f(x) for x in xs if cond(x)]`` builds a list in one readable line; ``{...}`` with one
expression builds a set, with ``key: value`` a dict. Every language lab starts this way: the
vocabulary of a text, an index for each token, and windows of text to predict from.

Check your work with:  genlab check list-comprehensions
"""


def vocabulary(text):
    """The distinct characters of ``text``, sorted, as a list."""
    # your code here
    raise NotImplementedError("write this part")


def char_windows(text, size):
    """Every (input, target) pair of ``size`` characters: input text[i:i+size] and target the
    same window shifted by one, for every i where the target fits."""
    # your code here
    raise NotImplementedError("write this part")


def invert(mapping):
    """The dict from values to keys. When keys share a value, the first key (in the dict's
    order) wins."""
    # your code here
    raise NotImplementedError("write this part")
