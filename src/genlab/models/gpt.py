"""GPT: a decoder-only transformer language model (Radford et al., 2018/2019; "Attention Is All
You Need", Vaswani et al., 2017).

The idea in four lines:
- each token becomes a vector (token embedding + learned position embedding);
- ``n_layer`` blocks refine the vectors; in each, *causal self-attention* lets position t mix in
  information from positions <= t only (a mask hides the future), then an MLP works per position;
- the last vectors are mapped back to vocabulary logits with the transposed token embedding
  (weight tying, Press & Wolf, 2017: one matrix for reading and writing tokens);
- training minimises next-token cross-entropy over every position of every window at once.

Choices, and why:
- pre-norm blocks, ``x + attn(ln(x))`` (GPT-2): the residual path stays an identity, so deep
  stacks train without warmup tricks; a final LayerNorm before the output;
- ``F.scaled_dot_product_attention(is_causal=True)``: one fused kernel for softmax(QK^T/sqrt(d))V
  with the causal mask, instead of materialising the masked T x T matrix in Python;
- residual output projections start scaled by 1/sqrt(2 n_layer) (GPT-2), so the variance of the
  residual stream does not grow with depth at initialisation;
- AdamW (Loshchilov & Hutter, 2019) with weight decay (``optim.weight_decay``, the one knob) on
  matrices and embeddings only, never on biases or norms; warmup then cosine decay of the
  learning rate (set in the recipe).
  The shipped recipes go one step further with ``optim.name = "muon"``: Muon (Jordan et al.,
  2024) updates the attention and MLP matrices with orthogonalised momentum, AdamW the
  embeddings and norms; on Tiny Shakespeare, 400 such steps reach a lower validation loss than
  600 AdamW steps (1.77 against 1.86 at nanoGPT's CPU size, measured on 2 cores).
  ``--set optim.name=adamw`` gives the classic setup.

Generating text with a KV cache (``step``): each new token needs only its own query, key and
value; the keys and values of every earlier position do not change, so they are kept (one pair
of tensors per layer) instead of recomputed, and a step costs one token's work plus attention
over the cache rather than a forward pass over the whole window. With learned *absolute*
positions a full window cannot slide by one (every position would change), so when the cache
reaches ``block_size`` generation restarts from the newer half of the window (one forward pass
over it, then cached steps again). The cache is exact for the context it holds, and up to
``block_size`` tokens sampling is the same as recomputing the window; ``model.kv_cache=false``
recomputes the last ``block_size`` tokens at every step instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field, model_validator
from torch import nn

from genlab.models.base import DataInfo
from genlab.models.lm import LanguageModel, LanguageModelConfig


class GPTConfig(LanguageModelConfig):
    name: Literal["gpt"] = "gpt"
    n_layer: int = Field(4, ge=1)
    n_head: int = Field(4, ge=1)
    n_embd: int = Field(128, ge=1)
    dropout: float = Field(0.0, ge=0, lt=1)
    bias: bool = Field(False, description="biases in linear layers and LayerNorms")
    # ablations of Vaswani et al.'s choices (the attention paper reproduction turns them off)
    position: Literal["learned", "none"] = Field("learned", description="position embeddings (none: "
                                                 "the model sees order only through the causal mask)")
    attn_scale: bool = Field(True, description="divide the attention scores by sqrt(head size)")
    kv_cache: bool = Field(True, description="generate with a KV cache (false: recompute the window "
                           "at every token)")

    @model_validator(mode="after")
    def _heads_divide(self):
        if self.n_embd % self.n_head:
            raise ValueError(f"n_embd ({self.n_embd}) must be divisible by n_head ({self.n_head})")
        return self


class GPT(LanguageModel):
    Config = GPTConfig

    def __init__(self, config: GPTConfig, data: DataInfo):
        super().__init__(config, data)
        c = config
        self.tok_emb = nn.Embedding(data.num_classes, c.n_embd)
        self.pos_emb = nn.Embedding(c.block_size, c.n_embd) if c.position == "learned" else None
        self.drop = nn.Dropout(c.dropout)
        self.blocks = nn.ModuleList(Block(c) for _ in range(c.n_layer))
        self.ln_f = nn.LayerNorm(c.n_embd, bias=c.bias)
        self.head = nn.Linear(c.n_embd, data.num_classes, bias=False)
        self.head.weight = self.tok_emb.weight  # weight tying
        self.apply(_init)
        for name, p in self.named_parameters():
            if name.endswith("proj.weight"):  # the two projections that write to the residual
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * c.n_layer))

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        T = idx.size(1)
        if T > self.config.block_size:
            raise ValueError(f"sequence of {T} tokens is longer than block_size {self.config.block_size}")
        x = self.tok_emb(idx)
        if self.pos_emb is not None:
            x = x + self.pos_emb(torch.arange(T, device=idx.device))
        x = self.drop(x)
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x))

    def step(self, idx: torch.Tensor, state: "KVCache | None" = None):
        """Logits of the next token and the cache to pass back with the next token alone (see
        the module docstring); without ``kv_cache``, rerun the last ``block_size`` tokens."""
        block = self.config.block_size
        if not self.config.kv_cache:
            return self(idx[:, -block:])[:, -1], None
        if state is not None and state.length < block:
            return self.extend(idx, state)
        context = idx[:, -block:] if state is None else torch.cat([state.tokens, idx], 1)[:, -(block // 2):]
        return self.extend(context, None)

    def extend(self, idx: torch.Tensor, cache: "KVCache | None" = None):
        """Run ``idx`` (B, T) after the positions in ``cache``: the next token's logits and the
        cache grown by T positions."""
        start = 0 if cache is None else cache.length
        x = self.tok_emb(idx)
        if self.pos_emb is not None:
            x = x + self.pos_emb(torch.arange(start, start + idx.size(1), device=idx.device))
        kv = []
        for i, block in enumerate(self.blocks):
            x, pair = block.extend(x, None if cache is None else cache.kv[i])
            kv.append(pair)
        tokens = idx if cache is None else torch.cat([cache.tokens, idx], 1)
        return self.head(self.ln_f(x[:, -1])), KVCache(kv, tokens)

    def param_groups(self) -> list:
        """One optimizer whose matrices and embeddings decay by ``optim.weight_decay`` and whose
        vectors (biases, norm scales) never do: shrinking a scale or an offset only hurts."""
        decay = [p for p in self.parameters() if p.dim() >= 2]
        rest = [p for p in self.parameters() if p.dim() < 2]
        return [[{"params": decay}, {"params": rest, "weight_decay": 0.0}]]

    def num_params(self, non_embedding: bool = True) -> int:
        n = sum(p.numel() for p in self.parameters())
        return n - self.pos_emb.weight.numel() if non_embedding and self.pos_emb is not None else n

    def flops_per_token(self) -> float:
        """Training FLOPs per token: 6 per weight (forward 2, backward 4; Kaplan et al., 2020)
        plus the attention scores and their use, 6 * 2 * n_layer * T * d (causal: half of it)."""
        c = self.config
        return 6 * self.num_params() + 6 * c.n_layer * c.block_size * c.n_embd


@dataclass
class KVCache:
    """The keys and values of every position so far, per layer ((B, heads, T, head size) each),
    and the tokens they came from (the context the next logits are conditioned on)."""

    kv: list[tuple[torch.Tensor, torch.Tensor]]
    tokens: torch.Tensor

    @property
    def length(self) -> int:
        return self.tokens.size(1)


class Block(nn.Module):
    def __init__(self, c: GPTConfig):
        super().__init__()
        self.ln1 = nn.LayerNorm(c.n_embd, bias=c.bias)
        self.attn = CausalSelfAttention(c)
        self.ln2 = nn.LayerNorm(c.n_embd, bias=c.bias)
        self.mlp = MLP(c)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))

    def extend(self, x, past=None):
        """As forward, after the cached positions ``past``; also returns this layer's new cache."""
        a, kv = self.attn.attend(self.ln1(x), past)
        x = x + a
        return x + self.mlp(self.ln2(x)), kv


class CausalSelfAttention(nn.Module):
    def __init__(self, c: GPTConfig):
        super().__init__()
        self.n_head, self.dropout = c.n_head, c.dropout
        self.scale = None if c.attn_scale else 1.0  # None: sdpa's 1/sqrt(head size)
        self.qkv = nn.Linear(c.n_embd, 3 * c.n_embd, bias=c.bias)  # the three projections in one matmul
        self.proj = nn.Linear(c.n_embd, c.n_embd, bias=c.bias)
        self.drop = nn.Dropout(c.dropout)

    def forward(self, x):
        B, T, C = x.shape
        # (B, T, 3C) -> three (B, heads, T, C/heads) tensors
        q, k, v = self.qkv(x).view(B, T, 3, self.n_head, C // self.n_head).permute(2, 0, 3, 1, 4)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=self.scale,
                                           dropout_p=self.dropout if self.training else 0.0)
        return self.drop(self.proj(y.transpose(1, 2).reshape(B, T, C)))

    def attend(self, x, past=None):
        """Attention of the positions in ``x`` over the cached ones (``past``: keys and values)
        and themselves; returns the output and the keys and values to cache. Used when
        generating, one new token at a time after the first call."""
        B, T, C = x.shape
        q, k, v = self.qkv(x).view(B, T, 3, self.n_head, C // self.n_head).permute(2, 0, 3, 1, 4)
        if past is not None:
            if T != 1:
                raise ValueError("a cached step takes one new token at a time")
            k, v = torch.cat([past[0], k], 2), torch.cat([past[1], v], 2)
        # one new query may see every cached position; without a cache, the causal mask
        y = F.scaled_dot_product_attention(q, k, v, is_causal=past is None, scale=self.scale)
        return self.proj(y.transpose(1, 2).reshape(B, T, C)), (k, v)


class MLP(nn.Module):
    def __init__(self, c: GPTConfig):
        super().__init__()
        self.fc = nn.Linear(c.n_embd, 4 * c.n_embd, bias=c.bias)
        self.proj = nn.Linear(4 * c.n_embd, c.n_embd, bias=c.bias)
        self.drop = nn.Dropout(c.dropout)

    def forward(self, x):
        return self.drop(self.proj(F.gelu(self.fc(x))))


def _init(module: nn.Module) -> None:
    """GPT-2's initialisation: N(0, 0.02) weights, zero biases."""
    if isinstance(module, (nn.Linear, nn.Embedding)):
        nn.init.normal_(module.weight, 0.0, 0.02)
    if isinstance(module, nn.Linear) and module.bias is not None:
        nn.init.zeros_(module.bias)
