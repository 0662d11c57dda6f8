"""GPT and the shared language-model machinery: causal masking, sampling filters, learning."""

import math

import pytest
import torch

from genlab.data.info import DataInfo
from genlab.data.tokens import tokenize_corpus, TokenWindows
from genlab.errors import ConfigError
from genlab.models.gpt import GPT, GPTConfig
from genlab.models.lm import next_token_probs
from tests.language.conftest import small_text


def tiny_gpt(vocab=11, block=16, **kw):
    torch.manual_seed(0)
    tok = {"kind": "char", "chars": "abcdefghij\n"[:vocab]}
    info = DataInfo((block,), vocab, (), {"tokenizer": tok, "chars_per_token": 1.0})
    return GPT(GPTConfig(block_size=block, n_layer=2, n_head=2, n_embd=16, **kw), info)


@pytest.mark.parametrize("t", [0, 5, 15])
def test_no_position_sees_the_future(t):
    model = tiny_gpt().eval()
    x = torch.randint(0, 11, (3, 16))
    y = x.clone()
    y[:, t] = (y[:, t] + 1) % 11                     # change the token at position t only
    a, b = model(x), model(y)
    assert torch.allclose(a[:, :t], b[:, :t], atol=1e-6)     # earlier positions: unchanged
    assert not torch.allclose(a[:, t:], b[:, t:], atol=1e-4)  # t and later: it does matter


def test_attention_gradient_never_flows_from_the_future():
    model = tiny_gpt().eval()
    emb = model.tok_emb(torch.randint(0, 11, (1, 16))).detach().requires_grad_(True)
    x = emb + model.pos_emb(torch.arange(16))
    for block in model.blocks:
        x = block(x)
    x[0, 4].sum().backward()  # output at position 4 ...
    assert emb.grad[0, 5:].abs().max() == 0  # ... depends on no input after 4
    assert emb.grad[0, :5].abs().max() > 0


def test_weights_are_tied_and_decay_only_matrices():
    model = tiny_gpt()
    assert model.head.weight is model.tok_emb.weight
    [[decay, rest]] = model.param_groups()
    assert all(p.dim() >= 2 for p in decay["params"]) and all(p.dim() < 2 for p in rest["params"])
    assert rest["weight_decay"] == 0.0


def decay_of(optimizers) -> dict[int, float]:
    return {id(p): g["weight_decay"] for o in optimizers for g in o.param_groups for p in g["params"]}


def test_one_weight_decay_knob_decides_which_parameters_decay_by_how_much():
    from genlab.config import OptimConfig
    from genlab.training.optim import build_optimizers, model_param_groups

    model = tiny_gpt()
    matrices = [p for n, p in model.named_parameters() if p.dim() == 2 and "emb" not in n]
    embeddings = [model.tok_emb.weight, model.pos_emb.weight]
    vectors = [p for p in model.parameters() if p.dim() < 2]
    assert matrices and vectors
    # AdamW: every matrix and embedding decays by optim.weight_decay, no vector does
    cfg = OptimConfig(name="adamw", weight_decay=0.05)
    wd = decay_of(build_optimizers(cfg, model_param_groups(model, cfg)))
    assert {wd[id(p)] for p in matrices + embeddings} == {0.05}
    assert {wd[id(p)] for p in vectors} == {0.0}
    # Muon: the hidden matrices take muon_weight_decay (default: the same knob), AdamW the rest
    cfg = OptimConfig(name="muon", weight_decay=0.1)
    opts = build_optimizers(cfg, model_param_groups(model, cfg))
    assert type(opts[0]).__name__ == "Muon" and {wd for wd in decay_of(opts[:1]).values()} == {0.1}
    cfg = OptimConfig(name="muon", weight_decay=0.1, muon_weight_decay=0.0)   # the shipped recipes
    wd = decay_of(build_optimizers(cfg, model_param_groups(model, cfg)))
    assert {wd[id(p)] for p in matrices} == {0.0}
    assert {wd[id(p)] for p in embeddings} == {0.1} and {wd[id(p)] for p in vectors} == {0.0}
    assert "weight_decay" not in type(model).Config.model_fields   # no second knob on the model


def test_a_few_steps_lower_the_loss():
    data = tokenize_corpus(small_text(), "char")
    train = TokenWindows("small", "train", data.train, 32, data.tokenizer)
    model = GPT(GPTConfig(block_size=32, n_layer=2, n_head=2, n_embd=32), train.info())
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    batches = train.batches(16, seed=0)
    losses = []
    for x, y in list(batches.epoch(0))[:30]:
        loss = model.loss((x, y)).loss
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[0] == pytest.approx(math.log(data.tokenizer.vocab_size), rel=0.1)  # uniform at first
    assert sum(losses[-5:]) / 5 < losses[0] - 0.5


def test_generation_streams_text_from_the_vocabulary():
    model = tiny_gpt()
    pieces = list(model.generate_text("abc", 40, temperature=0.8, top_k=5, top_p=0.9,
                                 generator=torch.Generator().manual_seed(0)))
    assert len(pieces) == 40 and set("".join(pieces)) <= set("abcdefghij\n")


def test_bad_sampling_settings_are_config_errors():
    model = tiny_gpt()
    for kw in ({"temperature": 0}, {"temperature": -1}, {"top_p": 0.0}, {"top_p": 1.5}, {"top_k": 0}):
        with pytest.raises(ConfigError):
            next(model.generate_text("ab", 3, **{"temperature": 1.0, **kw}))
    with pytest.raises(ConfigError, match="outside this model's vocabulary"):
        next(model.generate_text("xyz", 3))


def test_top_k_and_top_p_filters():
    logits = torch.log(torch.tensor([0.5, 0.3, 0.15, 0.05]))
    assert torch.allclose(next_token_probs(logits), torch.tensor([0.5, 0.3, 0.15, 0.05]), atol=1e-6)
    assert torch.allclose(next_token_probs(logits, top_k=2), torch.tensor([0.625, 0.375, 0, 0]), atol=1e-6)
    # nucleus 0.7: 0.5 alone is not enough, 0.5 + 0.3 is: keep the first two
    assert torch.allclose(next_token_probs(logits, top_p=0.7), torch.tensor([0.625, 0.375, 0, 0]), atol=1e-6)
    assert torch.allclose(next_token_probs(logits, top_p=0.1), torch.tensor([1.0, 0, 0, 0]))
    sharp = next_token_probs(logits, temperature=0.5)
    assert sharp[0] > 0.5 and torch.isclose(sharp.sum(), torch.tensor(1.0))


def test_heads_must_divide_the_width():
    with pytest.raises(Exception, match="divisible"):
        GPTConfig(n_embd=10, n_head=3)


def _text(model, prompt, tokens, seed=0):
    return "".join(model.generate_text(prompt, tokens, temperature=1.0, generator=torch.Generator().manual_seed(seed)))


def test_the_kv_cache_samples_what_recomputing_the_window_samples_within_the_block():
    cached, plain = tiny_gpt(block=32), tiny_gpt(block=32, kv_cache=False)
    plain.load_state_dict(cached.state_dict())
    for seed in range(3):   # prompt + 28 tokens fit the 32-token window
        assert _text(cached, "abc", 28, seed) == _text(plain, "abc", 28, seed)


def test_the_cache_is_exact_for_the_context_it_holds_past_the_window():
    model = tiny_gpt(block=16).eval()
    idx = torch.randint(0, 11, (2, 20), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        logits, cache = model.step(idx)            # a prompt longer than the window: its last 16
        assert cache.length == 16
        lengths = []
        for _ in range(30):
            nxt = logits.argmax(-1, keepdim=True)
            logits, cache = model.step(nxt, cache)
            lengths.append(cache.length)
            assert torch.allclose(logits, model(cache.tokens)[:, -1], atol=1e-5)
    assert min(lengths) == 8 and max(lengths) == 16   # full window -> its newer half -> grows again
    assert torch.equal(cache.tokens[:, -1:], nxt)


def test_a_cached_step_takes_one_token():
    model = tiny_gpt().eval()
    _, cache = model.step(torch.tensor([[1, 2, 3]]))
    with pytest.raises(ValueError, match="one new token"):
        model.step(torch.tensor([[4, 5]]), cache)
