"""word2vec: the hand-derived gradients, subsampling, pairs, and that training helps."""

import numpy as np
import pytest
import torch

from genlab.models.word2vec import (Word2Vec, Word2VecConfig, keep_probabilities, sgns_gradients,
                                    sgns_loss, skipgram_data, skipgram_pairs)
from tests.language.conftest import small_text


def test_hand_gradients_match_autograd_and_finite_differences():
    torch.manual_seed(0)
    v = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
    u_pos = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
    u_neg = torch.randn(3, 2, 4, dtype=torch.float64, requires_grad=True)
    sgns_loss(v, u_pos, u_neg).sum().backward()
    d_v, d_pos, d_neg = sgns_gradients(v.detach(), u_pos.detach(), u_neg.detach())
    assert torch.allclose(d_v, v.grad) and torch.allclose(d_pos, u_pos.grad)
    assert torch.allclose(d_neg, u_neg.grad)
    assert torch.autograd.gradcheck(lambda a, b, c: sgns_loss(a, b, c), (v, u_pos, u_neg))


def test_loss_by_hand_on_a_tiny_example():
    v = torch.tensor([[1.0, 0.0]])
    u_pos = torch.tensor([[2.0, 0.0]])
    u_neg = torch.tensor([[[0.0, 1.0], [-1.0, 0.0]]])
    sig = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    expected = -np.log(sig(2.0)) - np.log(sig(-0.0)) - np.log(sig(1.0))
    assert sgns_loss(v, u_pos, u_neg).item() == pytest.approx(expected, rel=1e-6)


def test_subsampling_keeps_rare_words_and_drops_frequent_ones():
    keep = keep_probabilities([999_899, 100, 1], subsample=1e-3)  # threshold t * total = 1000
    assert keep[2] == 1.0 and keep[1] == 1.0
    assert keep[0] == pytest.approx((np.sqrt(999_899 / 1000) + 1) * 1000 / 999_899)  # about 3%
    assert (keep_probabilities([5, 5], 0) == 1).all()


def test_pairs_with_a_full_window():
    pairs = skipgram_pairs(np.array([10, 11, 12]), window=1, rng=None)
    assert sorted(map(tuple, pairs.tolist())) == [(10, 11), (11, 10), (11, 12), (12, 11)]
    dyn = skipgram_pairs(np.arange(100), window=5, rng=np.random.default_rng(0))
    assert (np.abs(dyn[:, 0] - dyn[:, 1]) <= 5).all() and len(dyn) < 2 * 5 * 100


def test_training_lowers_the_loss_and_batches_replay():
    cfg = Word2VecConfig(dim=16, window=2, negative=3, min_count=2)
    train, test = skipgram_data(small_text(), cfg, ("train", "test"))
    torch.manual_seed(0)
    model = Word2Vec(cfg, train.info())
    batches = train.batches(64, seed=0)
    first = [x.clone() for x, _ in batches.epoch(1)]
    assert all(torch.equal(a, b) for a, (b, _) in zip(first[3:], batches.epoch(1, start=3)))
    opt = torch.optim.SGD(model.parameters(), lr=0.025 * 64)
    before = model.evaluate(test.eval_batches(256))["loss"]
    for epoch in range(3):
        for batch in batches.epoch(epoch):
            out = model.loss(batch)
            opt.zero_grad()
            out.loss.backward()
            opt.step()
    torch.manual_seed(1)
    after = model.evaluate(test.eval_batches(256))["loss"]
    assert after < before - 0.1
    assert model.most_similar("king", 3)[0][0] != "king"
    assert len(model.analogy("man", "king", "woman", 2)) == 2


def test_the_by_hand_step_is_the_autograd_step():
    """Training's fast path (hand-written gradients, index_add_) takes the same SGD step as
    loss.backward() and the optimizer, duplicates of a word in the batch included."""
    cfg = Word2VecConfig(dim=8, window=2, negative=3, min_count=2)
    [train] = skipgram_data(small_text(), cfg, ("train",))
    batch = next(iter(train.batches(64, seed=0).epoch(0)))
    torch.manual_seed(0)
    by_hand = Word2Vec(cfg, train.info())
    torch.nn.init.normal_(by_hand.context.weight, std=0.1)   # non-zero: every gradient is non-zero
    before = [p.detach().clone() for p in by_hand.parameters()]
    autograd = Word2Vec(cfg.model_copy(update={"gradients": "autograd"}), train.info())
    autograd.load_state_dict(by_hand.state_dict())
    assert by_hand.manual_optimization and not autograd.manual_optimization

    class Ctx:
        optimizers = [torch.optim.SGD(by_hand.parameters(), lr=0.5)]

    torch.manual_seed(1)
    out = by_hand.training_step(batch, Ctx)
    opt = torch.optim.SGD(autograd.parameters(), lr=0.5)
    torch.manual_seed(1)                                # the same noise words
    loss = autograd.loss(batch).loss
    loss.backward()
    opt.step()
    assert out.loss.item() == pytest.approx(loss.item(), rel=1e-5)
    for a, b in zip(by_hand.parameters(), autograd.parameters()):
        assert torch.allclose(a, b, atol=1e-6)
    assert all(not torch.equal(a, b) for a, b in zip(by_hand.parameters(), before))  # a real step


def test_the_by_hand_step_refuses_what_it_cannot_do():
    from genlab.errors import ConfigError

    cfg = Word2VecConfig(dim=8, window=2, negative=3, min_count=2)
    [train] = skipgram_data(small_text(), cfg, ("train",))
    model = Word2Vec(cfg, train.info())
    batch = next(iter(train.batches(16, seed=0).epoch(0)))

    class Ctx:
        optimizers = [torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)]

    with pytest.raises(ConfigError, match="plain SGD"):
        model.training_step(batch, Ctx)
