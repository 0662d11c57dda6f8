"""seq2seq: beam search against exhaustive search, BLEU by hand, the date task, learning."""

import itertools
import math

import pytest
import torch

from genlab.data.info import DataInfo
from genlab.data.seq2seq_task import (EOS, encode_pairs, generate_pairs, is_test_date, load_dates,
                                      ordinal_suffix, ordinal_words)
from genlab.models.seq2seq import Seq2Seq, Seq2SeqConfig, corpus_bleu


def tiny_model(target_chars="ab", seed=0):
    torch.manual_seed(seed)
    info = DataInfo((8,), 3 + len(target_chars), (),
                    {"source_chars": "abc ", "target_chars": target_chars, "max_source": 8,
                     "max_target": 4})
    model = Seq2Seq(Seq2SeqConfig(embed=4, hidden=8, attention=4), info).eval()
    for p in model.parameters():  # sharper distributions than the default init: greedy != best
        p.data.mul_(3)
    return model


def exhaustive_best(model, source, max_len):
    """Score every output: any tokens (EOS ends it early), or max_len tokens without EOS."""
    tokens = [t for t in range(3, len(model.tgt_vocab))]
    best = (None, -math.inf)
    for length in range(1, max_len + 1):
        for body in itertools.product(tokens, repeat=length - 1):
            for last in tokens + [EOS] if length == max_len else [EOS]:
                seq = list(body) + [last]
                score = model.sequence_logprob(source, seq)
                if score > best[1]:
                    best = (seq, score)
    return best


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_wide_beam_finds_the_exhaustive_optimum(seed):
    model = tiny_model(seed=seed)
    source = torch.tensor([[4, 5, 6, 3, 4]])
    best, best_score = exhaustive_best(model, source, max_len=4)
    tokens, score = model.beam_search(source, beam=64, max_len=4)  # 64 >= 3^3 hypotheses per step
    assert tokens == best
    assert score == pytest.approx(best_score, abs=1e-5)
    assert score == pytest.approx(model.sequence_logprob(source, tokens), abs=1e-5)


def test_beam_is_never_worse_than_greedy():
    for seed in range(5):
        model = tiny_model(seed=seed)
        source = torch.tensor([[4, 6, 5, 3]])
        greedy, _ = model.greedy(source, max_len=4)
        g = greedy[0].tolist()
        g = g[: g.index(EOS) + 1] if EOS in g else g
        _, beam_score = model.beam_search(source, beam=3, max_len=4)
        assert beam_score >= model.sequence_logprob(source, g) - 1e-6


def test_bleu_by_hand():
    assert corpus_bleu([list("abcd")], [list("abcd")]) == pytest.approx(1.0)
    assert corpus_bleu([list("abcd")], [list("wxyz")]) == 0.0
    # hypothesis "abcde" vs reference "abcdf": p1..p4 = 4/5, 3/4, 2/3, 1/2; same length: no penalty
    expected = (4 / 5 * 3 / 4 * 2 / 3 * 1 / 2) ** 0.25
    assert corpus_bleu([list("abcde")], [list("abcdf")]) == pytest.approx(expected)
    # a short hypothesis pays the brevity penalty exp(1 - r/c)
    short = corpus_bleu([list("abcd")], [list("abcdef")])
    assert short == pytest.approx(math.exp(1 - 6 / 4))


def test_date_task_splits_by_date_and_spells_numbers():
    assert ordinal_words(1) == "first" and ordinal_words(23) == "twenty-third"
    assert ordinal_words(30) == "thirtieth" and ordinal_words(12) == "twelfth"
    assert [ordinal_suffix(n) for n in (1, 2, 3, 11, 12, 13, 21, 22)] == \
        ["1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "22nd"]
    import datetime as dt

    train = generate_pairs(300, "train", seed=1)
    test = generate_pairs(100, "test", seed=1)
    assert train == generate_pairs(300, "train", seed=1)
    assert not {t for _, t in train} & {t for _, t in test}
    assert all(is_test_date(dt.date.fromisoformat(t)) for _, t in test)
    source, target = encode_pairs(train)
    assert target.shape[1] == 12 and (target[:, 11] == EOS).all()


def test_a_few_steps_lower_the_loss_and_metrics_are_sane():
    train, test = load_dates(512, 16, seed=0)
    torch.manual_seed(0)
    model = Seq2Seq(Seq2SeqConfig(embed=16, hidden=32, attention=16, beam=2), train.info())
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    losses = []
    for batch in list(train.batches(64, seed=0).epoch(0))[:8]:
        loss = model.loss(batch).loss
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0] - 0.3
    metrics = model.eval().evaluate(test.eval_batches(16), final=True)
    assert 0 <= metrics["accuracy"] <= 1 and 0 <= metrics["bleu"] <= 1
    assert "beam_accuracy" in metrics
