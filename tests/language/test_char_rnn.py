"""char-rnn: every cell learns, and step-by-step generation matches the training forward pass."""

import pytest
import torch

from genlab.data.tokens import TokenWindows, tokenize_corpus
from genlab.models.char_rnn import CharRNN, CharRNNConfig
from tests.language.conftest import small_text


def setup(cell, bptt=32):
    data = tokenize_corpus(small_text(), "char")
    train = TokenWindows("small", "train", data.train, 32, data.tokenizer)
    torch.manual_seed(0)
    model = CharRNN(CharRNNConfig(cell=cell, n_layer=1, hidden=48, embed=16, block_size=32, bptt=bptt),
                    train.info())
    return model, train


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_a_few_steps_lower_the_loss(cell):
    model, train = setup(cell)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    losses = []
    for x, y in list(train.batches(16, seed=0).epoch(0))[:25]:
        loss = model.loss((x, y)).loss
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert sum(losses[-5:]) / 5 < losses[0] - 0.5


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_stepwise_state_matches_the_full_forward(cell):
    model, train = setup(cell, bptt=8)  # truncation changes gradients, never the forward values
    x = next(iter(train.eval_batches(2)))[0]
    full = model(x)
    logits, state = model.step(x[:, :1])
    outs = [logits]
    for t in range(1, x.size(1)):
        logits, state = model.step(x[:, t:t + 1], state)
        outs.append(logits)
    assert torch.allclose(torch.stack(outs, 1), full, atol=1e-5)


def test_truncated_bptt_cuts_the_gradient_at_chunk_boundaries():
    model, train = setup("lstm", bptt=8)
    x = next(iter(train.eval_batches(1)))[0]
    emb = model.embed
    captured = {}

    def hook(module, inp, out):
        out.retain_grad()
        captured.setdefault("outs", []).append(out)
    handle = emb.register_forward_hook(hook)
    logits = model(x)
    handle.remove()
    logits[0, 20].sum().backward()  # position 20 lies in the third chunk (16..23)
    first, second, third = captured["outs"][:3]
    assert first.grad is None or first.grad.abs().max() == 0
    assert second.grad is None or second.grad.abs().max() == 0
    assert third.grad.abs().max() > 0
