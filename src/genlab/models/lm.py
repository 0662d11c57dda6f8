"""What every language model in genlab shares: tokenized data, the next-token loss, perplexity
and bits per character, and sampling with temperature, top-k and top-p.

A language model assigns a probability to a text by the chain rule,
``p(x_1..x_T) = prod_t p(x_t | x_<t)``, and is trained to minimise the average negative log of
each next token (the cross-entropy, in nats per token). Two views of the same number:

- perplexity ``exp(loss)``: the model is as unsure as a uniform choice among that many tokens;
- bits per character ``loss / ln 2 / (characters per token)``: comparable across tokenizers,
  since a BPE token covers several characters and a char token exactly one.

Subclasses (``gpt``, ``char-rnn``) implement ``forward(idx) -> logits`` for training and
``step(idx, state) -> (logits of the next token, state)`` for generation.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Iterator, Literal

import torch
import torch.nn.functional as F
from pydantic import Field

from genlab.errors import ConfigError
from genlab.models.base import LossOutput, Model, ModelConfig
from genlab.models.capabilities import TextGeneration


class LanguageModelConfig(ModelConfig):
    block_size: int = Field(64, ge=1, description="tokens of context per training window")
    tokenizer: Literal["char", "bpe", "bpe-fast"] = "char"
    vocab_size: int = Field(512, ge=256, le=65536, description="BPE tokenizers only")
    sample_tokens: int = Field(300, ge=0, description="length of the text sample at each evaluation")
    sample_prompt: str = "\n"
    eval_windows: int | None = Field(None, ge=1, description="windows used by periodic evaluations "
                                     "(the final one always uses the whole held-out split)")


class LanguageModel(TextGeneration, Model):
    key_metric = "test/loss"

    @classmethod
    def load_data(cls, cfg, splits=("train", "test")) -> list:
        from genlab.data.tokens import load_token_windows

        config = cls.parse_config(cfg.model)
        d = cfg.data
        return load_token_windows(d.dataset, config.block_size, config.tokenizer, config.vocab_size,
                                  splits, d.data_dir, d.download, limit_test=d.limit_test)

    @property
    def tokenizer(self):
        if not hasattr(self, "_tokenizer"):
            from genlab.tokenizers import tokenizer_from_dict

            self._tokenizer = tokenizer_from_dict(self.data_info.extra["tokenizer"])
        return self._tokenizer

    def export_graph(self):
        from genlab.export.graph import sequence_graph

        return sequence_graph(self, "language model")

    # -- what subclasses provide --------------------------------------------------------------
    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        """Logits (B, T, vocab) of the next token at every position of ``idx`` (B, T)."""
        raise NotImplementedError

    def step(self, idx: torch.Tensor, state=None):
        """Logits (B, vocab) of the token after ``idx`` (B, t), and the state to pass next time
        together with only the newly chosen token (``None`` state: feed the whole context)."""
        raise NotImplementedError

    # -- training and evaluation ----------------------------------------------------------------
    def loss(self, batch) -> LossOutput:
        x, y = batch[0], batch[1]
        logits = self(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)).float(), y.reshape(-1))
        return LossOutput(loss)

    @torch.no_grad()
    def evaluate(self, batches, final: bool = False, **options) -> dict[str, float]:
        """Mean next-token loss over every held-out token, with perplexity and bits per char."""
        total, count, windows = 0.0, 0, 0
        for x, y, *_ in batches:
            if not final and self.config.eval_windows and windows >= self.config.eval_windows:
                break
            windows += x.size(0)
            logits = self(x)
            total += float(F.cross_entropy(logits.reshape(-1, logits.size(-1)).float(), y.reshape(-1),
                                           reduction="sum"))
            count += y.numel()
        loss = total / max(count, 1)
        chars_per_token = float(self.data_info.extra.get("chars_per_token", 1.0))
        return {"loss": loss, "ppl": math.exp(min(loss, 50.0)),
                "bpc": loss / math.log(2) / chars_per_token}

    # -- sampling -----------------------------------------------------------------------------
    @torch.no_grad()
    def generate_text(self, prompt: str, max_tokens: int, temperature: float = 1.0, top_k: int | None = None,
                      top_p: float | None = None, generator: torch.Generator | None = None) -> Iterator[str]:
        """Yield the text of each new token as it is sampled (for streaming to a terminal)."""
        check_sampling(temperature, top_k, top_p)
        ids = self.tokenizer.encode(prompt)
        if not ids:
            raise ConfigError("the prompt is empty after tokenization; give at least one character")
        was_training = self.training
        self.eval()
        idx = torch.tensor([ids], dtype=torch.long, device=self.device)
        logits, state = self.step(idx)
        out: list[int] = []
        shown = ""
        for _ in range(max_tokens):
            probs = next_token_probs(logits[0].float(), temperature, top_k, top_p)
            token = int(torch.multinomial(probs.cpu(), 1, generator=generator))
            out.append(token)
            text = self.tokenizer.decode(out)
            if not text.endswith("\ufffd"):  # wait for the rest of a multi-byte character
                yield text[len(shown):]
                shown = text
            nxt = torch.tensor([[token]], device=self.device)
            idx = torch.cat([idx, nxt], 1)
            logits, state = self.step(nxt if state is not None else idx, state)
        if len(shown) < len(text := self.tokenizer.decode(out)):
            yield text[len(shown):]
        self.train(was_training)

    def write_artefacts(self, batch, generator, folder: Path, step: int) -> list[Path]:
        """A text sample from the model at each evaluation, next to the run's other samples."""
        if not self.config.sample_tokens:
            return []
        try:
            text = "".join(self.generate_text(self.config.sample_prompt, self.config.sample_tokens,
                                         temperature=1.0, generator=generator))
        except ConfigError:  # e.g. a prompt outside a char vocabulary: no sample, no crash
            return []
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"text-step-{step:08d}.txt"
        path.write_text(self.config.sample_prompt + text, encoding="utf-8")
        return [path]


def check_sampling(temperature: float, top_k: int | None, top_p: float | None) -> None:
    if not temperature > 0:
        raise ConfigError(f"temperature must be > 0, got {temperature}")
    if top_k is not None and top_k < 1:
        raise ConfigError(f"top-k must be >= 1, got {top_k}")
    if top_p is not None and not 0 < top_p <= 1:
        raise ConfigError(f"top-p must be in (0, 1], got {top_p}")


def next_token_probs(logits: torch.Tensor, temperature: float = 1.0, top_k: int | None = None,
                     top_p: float | None = None) -> torch.Tensor:
    """Probabilities of the next token after temperature, top-k and nucleus (top-p) filtering.

    Temperature divides the logits (< 1 sharpens, > 1 flattens). Top-k keeps the k likeliest
    tokens. Top-p (Holtzman et al., 2020) keeps the smallest set of likeliest tokens whose
    probabilities add up to at least p. Everything else gets probability zero.
    """
    check_sampling(temperature, top_k, top_p)
    logits = logits / temperature
    if top_k is not None and top_k < logits.size(-1):
        kth = torch.topk(logits, top_k).values[..., -1:]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    probs = torch.softmax(logits, -1)
    if top_p is not None and top_p < 1:
        sorted_probs, order = torch.sort(probs, descending=True)
        before = sorted_probs.cumsum(-1) - sorted_probs  # mass of the tokens ranked above
        sorted_probs = sorted_probs.masked_fill(before >= top_p, 0.0)  # the first always stays
        probs = torch.zeros_like(probs).scatter(-1, order, sorted_probs)
        probs = probs / probs.sum(-1, keepdim=True)
    return probs
