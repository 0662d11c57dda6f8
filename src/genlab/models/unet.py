"""A small U-Net for diffusion on small images (after Ho et al., 2020, scaled down for a CPU).

The network predicts the noise in x_t given t (and optionally a class). Its parts:
- a sinusoidal embedding of t (as the transformer's positions), through a 2-layer MLP; a class
  embedding is added to it, so every block knows both "how noisy" and "which class";
- residual blocks: GroupNorm -> SiLU -> conv, plus a per-channel shift from the embedding, twice,
  with a skip connection;
- self-attention only at the lowest resolution (7x7 = 49 tokens for 28x28 images), where it is
  cheap and where global structure is decided;
- an encoder that halves the resolution twice (28 -> 14 -> 7), a middle, and a decoder that
  doubles it back, concatenating the encoder's features at each resolution (the U's skips).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from genlab.models.capabilities import embed_labels


def timestep_embedding(t: torch.Tensor, dim: int, max_period: float = 10000.0) -> torch.Tensor:
    """sin/cos features of t at geometrically spaced frequencies, (N, dim)."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, device=t.device, dtype=torch.float32) / half)
    angles = t.float()[:, None] * freqs[None]
    return torch.cat([angles.sin(), angles.cos()], 1)


def norm(ch: int) -> nn.GroupNorm:
    return nn.GroupNorm(min(8, ch), ch)


class ResBlock(nn.Module):
    def __init__(self, cin: int, cout: int, emb_dim: int, dropout: float = 0.0):
        super().__init__()
        self.in_layers = nn.Sequential(norm(cin), nn.SiLU(), nn.Conv2d(cin, cout, 3, padding=1))
        self.emb = nn.Sequential(nn.SiLU(), nn.Linear(emb_dim, cout))
        self.out_layers = nn.Sequential(norm(cout), nn.SiLU(), nn.Dropout(dropout),
                                        nn.Conv2d(cout, cout, 3, padding=1))
        nn.init.zeros_(self.out_layers[-1].weight)   # each block starts as the identity
        nn.init.zeros_(self.out_layers[-1].bias)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, emb):
        h = self.in_layers(x) + self.emb(emb)[:, :, None, None]
        return self.skip(x) + self.out_layers(h)


class Attention(nn.Module):
    """Multi-head self-attention over the H*W positions, with a residual connection."""

    def __init__(self, ch: int, heads: int = 4):
        super().__init__()
        self.norm = norm(ch)
        self.qkv = nn.Conv2d(ch, 3 * ch, 1)
        self.proj = nn.Conv2d(ch, ch, 1)
        self.heads = heads
        nn.init.zeros_(self.proj.weight)
        nn.init.zeros_(self.proj.bias)

    def forward(self, x):
        n, c, h, w = x.shape
        q, k, v = self.qkv(self.norm(x)).reshape(n, 3, self.heads, c // self.heads, h * w).unbind(1)
        out = F.scaled_dot_product_attention(q.transpose(-1, -2), k.transpose(-1, -2), v.transpose(-1, -2))
        return x + self.proj(out.transpose(-1, -2).reshape(n, c, h, w))


class UNet(nn.Module):
    def __init__(self, in_ch: int, ch: int = 32, mults=(1, 2, 2), num_classes: int = 0,
                 dropout: float = 0.0, attention_heads: int = 4):
        super().__init__()
        emb_dim = 4 * ch
        self.ch = ch
        self.time_mlp = nn.Sequential(nn.Linear(ch, emb_dim), nn.SiLU(), nn.Linear(emb_dim, emb_dim))
        # one extra class index (num_classes) means "no class": classifier-free guidance's null label
        self.class_emb = nn.Embedding(num_classes + 1, emb_dim) if num_classes else None
        self.conv_in = nn.Conv2d(in_ch, ch, 3, padding=1)
        widths = [ch * m for m in mults]
        last = len(widths) - 1
        self.down, self.downsample = nn.ModuleList(), nn.ModuleList()
        prev = ch
        for i, w in enumerate(widths):
            self.down.append(nn.ModuleList([ResBlock(prev, w, emb_dim, dropout),
                                            Attention(w, attention_heads) if i == last else nn.Identity()]))
            self.downsample.append(nn.Conv2d(w, w, 3, stride=2, padding=1) if i < last else nn.Identity())
            prev = w
        self.mid1 = ResBlock(prev, prev, emb_dim, dropout)
        self.mid_attn = Attention(prev, attention_heads)
        self.mid2 = ResBlock(prev, prev, emb_dim, dropout)
        self.up, self.upsample = nn.ModuleList(), nn.ModuleList()
        for i in reversed(range(len(widths))):
            w_out = widths[i - 1] if i > 0 else ch
            self.up.append(nn.ModuleList([ResBlock(prev + widths[i], w_out, emb_dim, dropout),
                                          Attention(w_out, attention_heads) if i == last else nn.Identity()]))
            self.upsample.append(nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"),
                                               nn.Conv2d(w_out, w_out, 3, padding=1)) if i > 0 else nn.Identity())
            prev = w_out
        self.out = nn.Sequential(norm(prev), nn.SiLU(), nn.Conv2d(prev, in_ch, 3, padding=1))
        nn.init.zeros_(self.out[-1].weight)
        nn.init.zeros_(self.out[-1].bias)

    def forward(self, x, t, labels=None):
        emb = self.time_mlp(timestep_embedding(t, self.ch))
        if self.class_emb is not None and labels is not None:
            emb = emb + embed_labels(self.class_emb, labels)  # integer or soft labels
        h = self.conv_in(x)
        skips = []
        for (block, attn), down in zip(self.down, self.downsample):
            h = attn(block(h, emb))
            skips.append(h)
            h = down(h)
        h = self.mid2(self.mid_attn(self.mid1(h, emb)), emb)
        for (block, attn), up in zip(self.up, self.upsample):
            h = attn(block(torch.cat([h, skips.pop()], 1), emb))
            h = up(h)
        return self.out(h)
