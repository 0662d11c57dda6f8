"""Checks for temperature-and-top-k."""

import torch

from genlab.exercises.checks import check


@check("temperature 1 and no top-k is the plain softmax")
def plain(t):
    logits = torch.tensor([[2.0, 1.0, 0.0]])
    t.expect_close(t.call("next_token_probs", logits), torch.softmax(logits, -1), atol=1e-6)


@check("temperature divides the logits")
def temperature(t):
    logits = torch.tensor([[2.0, 1.0, 0.0, -1.0]])
    t.expect_close(t.call("next_token_probs", logits, 0.5), torch.softmax(logits / 0.5, -1), atol=1e-6)
    t.expect_close(t.call("next_token_probs", logits, 4.0), torch.softmax(logits / 4.0, -1), atol=1e-6)


@check("top-k keeps the k likeliest tokens and renormalises")
def top_k(t):
    logits = torch.tensor([[1.0, 3.0, 2.0, 0.0], [0.0, 0.0, 5.0, 1.0]])
    want = torch.zeros(2, 4)
    want[0, 1:3] = torch.softmax(torch.tensor([3.0, 2.0]), -1)
    want[1, 2], want[1, 3] = torch.softmax(torch.tensor([5.0, 1.0]), -1)
    t.expect_close(t.call("next_token_probs", logits, 1.0, 2), want, atol=1e-6,
                   why="tokens outside the top k get probability exactly 0; the rest sum to 1")


@check("sampling follows the probabilities and is seeded")
def sampling(t):
    logits = torch.log(torch.tensor([[0.5, 0.3, 0.2, 1e-9]])).expand(30_000, 4)
    t.given("30,000 rows of logits = log [0.5, 0.3, 0.2, ~0], top_k = 3, generator seeded 0")
    got = t.call("sample_next", logits, torch.Generator().manual_seed(0), 1.0, 3)
    t.expect_tensor(got)
    t.expect(tuple(got.shape) == (30_000,), expected="one index per row, shape (30000,)", got=str(tuple(got.shape)))
    counts = torch.bincount(got, minlength=4).float() / 30_000
    t.expect_close(counts, torch.tensor([0.5, 0.3, 0.2, 0.0]), atol=0.015, what="the share of each token")
    again = t.call("sample_next", logits, torch.Generator().manual_seed(0), 1.0, 3)
    t.expect_close(again, got, atol=0, what="the same draw with the same seed")
