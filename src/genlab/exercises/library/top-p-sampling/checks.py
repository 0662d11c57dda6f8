"""Checks for top-p-sampling."""


import torch

from genlab.exercises.checks import check

INF = float("-inf")


def logits_of(probs):
    return torch.log(torch.tensor(probs, dtype=torch.float32))


def ref_filter(logits, p):
    out = logits.clone()
    for b in range(logits.shape[0]):
        probs = torch.softmax(logits[b].double(), -1).tolist()
        order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))
        mass = 0.0
        for i in order:
            if mass >= p:
                out[b, i] = INF
            mass += probs[i]
    return out


@check("a hand example: keep tokens until their mass reaches p")
def hand(t):
    logits = logits_of([[0.1, 0.5, 0.05, 0.3, 0.05]])
    t.given("probabilities [0.1, 0.5, 0.05, 0.3, 0.05], p = 0.7")
    got = t.call("top_p_filter", logits, 0.7)
    want = logits.clone()
    want[0, [0, 2, 4]] = INF
    t.expect_close(got, want, why="0.5 + 0.3 = 0.8 >= 0.7: tokens 1 and 3 are the nucleus")


@check("the token that crosses p is kept")
def crossing(t):
    logits = logits_of([[0.45, 0.35, 0.2]])
    t.given("probabilities [0.45, 0.35, 0.2], p = 0.6")
    got = t.call("top_p_filter", logits, 0.6)
    want = logits.clone()
    want[0, 2] = INF
    t.expect_close(got, want, why="0.45 < 0.6, so the second token is still needed")


@check("a tiny p keeps only the most likely token; p = 1 keeps all")
def extremes(t):
    logits = torch.tensor([[1.0, 3.0, 2.0, -1.0]])
    got = t.call("top_p_filter", logits, 0.01)
    t.expect_close(got, torch.tensor([[INF, 3.0, INF, INF]]),
                   why="the most probable token is always kept")
    got = t.call("top_p_filter", logits, 1.0)
    t.expect_close(got, logits)


@check("a batch of random rows, and the input is left unchanged")
def batch(t):
    logits = torch.randn(6, 50, generator=torch.Generator().manual_seed(0)) * 2
    before = logits.clone()
    t.given("logits: (6, 50) random, p = 0.9")
    got = t.call("top_p_filter", logits, 0.9)
    t.expect_close(got, ref_filter(before, 0.9))
    t.expect_close(logits, before, what="logits after the call", atol=0,
                   why="return a new tensor (masked_fill, not masked_fill_)")


@check("sampling draws from the filtered distribution with the generator")
def sampling(t):
    logits = torch.randn(4, 20, generator=torch.Generator().manual_seed(1)) * 2
    t.given("logits: (4, 20) random, p = 0.8, temperature = 0.7, "
            "generator = torch.Generator().manual_seed(5)")
    got = t.call("sample_top_p", logits, 0.8, 0.7, torch.Generator().manual_seed(5))
    probs = torch.softmax(ref_filter(logits / 0.7, 0.8), -1)
    want = torch.multinomial(probs, 1, generator=torch.Generator().manual_seed(5)).squeeze(-1)
    t.expect_close(got, want, what="the sampled ids",
                   why="temperature first, then filter, softmax and torch.multinomial")


@check("samples never come from outside the nucleus")
def support(t):
    logits = logits_of([[0.5, 0.3, 0.1, 0.1]]).expand(2000, 4)
    t.given("2000 rows with probabilities [0.5, 0.3, 0.1, 0.1], p = 0.75")
    got = t.call("sample_top_p", logits, 0.75, 1.0, torch.Generator().manual_seed(2))
    t.expect_tensor(got)
    ids = got.reshape(-1)
    t.expect(bool((ids <= 1).all()), expected="only tokens 0 and 1",
             got=f"token ids {sorted(set(ids.tolist()))}")
    share = float((ids == 0).float().mean())
    t.expect(abs(share - 0.625) < 0.04, expected="token 0 in about 62.5% of samples",
             got=f"{share:.1%}", why="renormalise over the nucleus: 0.5 / 0.8")
