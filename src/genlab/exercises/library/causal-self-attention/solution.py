"""NLP: causal multi-head self-attention, the core of a GPT block.

Every position asks a question (query), advertises what it holds (key) and offers content
(value). Attention weights come from query-key dot products; the causal mask lets a
position look only at itself and earlier positions, so the model can be trained to predict
the next token.

Check your work with:  genlab check causal-self-attention
Later, `genlab check causal-self-attention --train` will train the gpt lab with your layer.
"""

import math

import torch


def causal_self_attention(x, w_qkv, w_out, n_heads):
    """Multi-head causal self-attention (no biases, no dropout). Returns (B, T, C).

    x: (B, T, C). w_qkv: (C, 3C): ``q, k, v = (x @ w_qkv).split(C, dim=-1)``. Each of q, k, v
    is cut into ``n_heads`` heads of size hs = C // n_heads along the last dimension (head h
    uses columns h*hs to (h+1)*hs). Per head:

        scores = q @ k^T / sqrt(hs)         (T, T)
        position i may only attend to positions j <= i (the others get -inf)
        out_h = softmax(scores, over j) @ v

    Put the heads back side by side into (B, T, C) and return that @ w_out (w_out: (C, C)).
    Do not call torch's attention functions.
    """
    B, T, C = x.shape
    hs = C // n_heads
    q, k, v = (x @ w_qkv).split(C, dim=-1)
    q = q.view(B, T, n_heads, hs).transpose(1, 2)
    k = k.view(B, T, n_heads, hs).transpose(1, 2)
    v = v.view(B, T, n_heads, hs).transpose(1, 2)
    scores = q @ k.transpose(-2, -1) / math.sqrt(hs)
    future = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
    scores = scores.masked_fill(future, float("-inf"))
    out = torch.softmax(scores, dim=-1) @ v
    out = out.transpose(1, 2).reshape(B, T, C)
    return out @ w_out
