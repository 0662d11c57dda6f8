"""NLP: nucleus (top-p) sampling from a language model.

Sampling from the full distribution lets rare, nonsensical tokens through; always taking the
most likely token is dull and repetitive. Nucleus sampling keeps the smallest set of likely
tokens that together hold probability p, and samples among them.

Check your work with:  genlab check top-p-sampling
Later, `genlab check top-p-sampling --train` will train the gpt lab and sample with your code.
"""

import torch


def top_p_filter(logits, p):
    """Keep only the nucleus of each row of ``logits`` (B, V); the others become -inf.

    The nucleus is the smallest set of most probable tokens (probabilities = softmax of the
    row) whose probabilities add up to at least ``p``: going down the tokens from the most
    probable, keep a token while the mass of the tokens before it is still below p. So the
    most probable token is always kept. On equal probabilities the lower index comes first.
    ``p`` is in (0, 1]. Return a new tensor; do not change ``logits``.
    """
    probs = torch.softmax(logits, dim=-1)
    sorted_probs, order = torch.sort(probs, dim=-1, descending=True, stable=True)
    before = torch.cumsum(sorted_probs, dim=-1) - sorted_probs
    remove_sorted = before >= p
    remove = torch.zeros_like(remove_sorted).scatter(-1, order, remove_sorted)
    return logits.masked_fill(remove, float("-inf"))


def sample_top_p(logits, p, temperature=1.0, generator=None):
    """One token id per row of ``logits`` (B, V), as a long tensor (B,).

    Divide the logits by ``temperature``, apply ``top_p_filter``, turn them into
    probabilities with softmax and draw with
    ``torch.multinomial(probs, 1, generator=generator)``.
    """
    filtered = top_p_filter(logits / temperature, p)
    probs = torch.softmax(filtered, dim=-1)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)
