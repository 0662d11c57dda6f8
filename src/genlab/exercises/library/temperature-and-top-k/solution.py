"""Specialization (text generation): temperature and top-k sampling.

A language model gives logits over the vocabulary for the next token. Sampling straight from
their softmax is faithful to the model but wanders into unlikely tokens; dividing the logits by
a temperature T < 1 sharpens the distribution (T -> 0 is greedy decoding), and top-k keeps only
the k likeliest tokens and renormalises, cutting off the long tail (Fan et al. 2018). `genlab
generate RUN --temperature 0.8 --top-k 40` does both; top-p (nucleus) sampling is the
`top-p-sampling` exercise.

Check your work with:  genlab check temperature-and-top-k
"""

import torch


def next_token_probs(logits, temperature=1.0, top_k=None):
    """Probabilities (same shape as ``logits`` (..., V)) after the temperature and top-k."""
    scaled = logits / temperature
    if top_k is not None:
        kth = torch.topk(scaled, top_k, dim=-1).values[..., -1:]
        scaled = scaled.masked_fill(scaled < kth, float("-inf"))
    return torch.softmax(scaled, dim=-1)


def sample_next(logits, generator, temperature=1.0, top_k=None):
    """One token index per row of ``logits`` (B, V), drawn with ``torch.multinomial(..., generator=generator)``."""
    probs = next_token_probs(logits, temperature, top_k)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)
