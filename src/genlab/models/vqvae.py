"""VQ-VAE (van den Oord, Vinyals & Kavukcuoglu, 2017) with a GPT prior over its codes: an image
becomes a short sequence of tokens, a transformer learns the tokens, sampling decodes them. This
is the idea behind today's token-based image generators (DALL-E, Parti, MaskGIT, VQGAN).

Stage 1, the tokenizer (the first ``vq_steps`` updates): an encoder maps a 28x28 image to a 7x7
grid of vectors; each vector is replaced by its nearest entry of a learned *codebook* of K
vectors, and a decoder rebuilds the image from the quantized grid. Nearest-neighbour lookup has
no gradient, so the decoder's gradient is copied straight through to the encoder
(z_q = z_e + sg(e - z_e)), and two extra terms move the codebook towards the encoder outputs and
keep the encoder committed to its codes (beta = 0.25 in the paper):

    loss = ||x - dec(z_q)||^2 + ||sg(z_e) - e||^2 + beta ||z_e - sg(e)||^2.

The known failure is *dead codes*: entries that no encoder output is near never move and are
never used, shrinking the codebook. genlab logs how many codes a batch uses and the codebook
perplexity exp(H(code frequencies)) (K if all are used equally, 1 if one code does everything),
and restarts codes unused for ``restart_after`` updates at a random recent encoder output (the
fix of Dhariwal et al., 2020, Jukebox). ``restart_after = 0`` shows the failure.

Stage 2, the prior (the remaining updates, tokenizer frozen): the image's codes, read in raster
order after a class token, are a 50-token sentence, and genlab's own :class:`~genlab.models.gpt.GPT`
learns them by next-token prediction. To sample, GPT writes 49 codes after the class token, and
the decoder turns them into an image. The paper used a PixelCNN as the prior; a transformer is
what later work moved to.
"""

from __future__ import annotations

import math
from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field, model_validator
from torch import nn

from genlab.models.autoregressive import choose
from genlab.models.base import DataInfo, LossOutput, halvable
from genlab.models.gpt import GPT, GPTConfig
from genlab.models.imagegen import ImageGenerator, ImageGeneratorConfig


class VQVAEConfig(ImageGeneratorConfig):
    name: Literal["vqvae"] = "vqvae"
    channels: int = Field(32, ge=4, description="encoder/decoder width")
    codebook_size: int = Field(128, ge=2, description="K, the number of codes")
    code_dim: int = Field(32, ge=1, description="length of each code vector")
    beta: float = Field(0.25, ge=0, description="commitment weight")
    restart_after: int = Field(100, ge=0, description="restart codes unused for this many updates (0: never)")
    vq_steps: int = Field(1000, ge=1, description="updates of stage 1 (the tokenizer); the prior trains after")
    class_conditional: bool = True
    prior_layers: int = Field(4, ge=1)
    prior_heads: int = Field(4, ge=1)
    prior_embd: int = Field(128, ge=8)
    prior_dropout: float = Field(0.0, ge=0, lt=1)
    temperature: float = Field(1.0, gt=0, le=2, description="sampling temperature of the prior")

    @model_validator(mode="after")
    def _heads_divide(self):
        if self.prior_embd % self.prior_heads:
            raise ValueError(f"prior_embd ({self.prior_embd}) must be divisible by prior_heads ({self.prior_heads})")
        return self


class VQVAE(ImageGenerator):
    Config = VQVAEConfig
    SAMPLING_OPTIONS = ("temperature",)

    def __init__(self, config: VQVAEConfig, data: DataInfo):
        super().__init__(config, data)
        c, h, w = halvable(data.shape, 2, "the VQ-VAE encoder")
        self.conditional = config.class_conditional
        self.grid = (h // 4, w // 4)
        self.encoder = Encoder(c, config.channels, config.code_dim)
        self.codebook = Codebook(config.codebook_size, config.code_dim)
        self.decoder = Decoder(c, config.channels, config.code_dim)
        # prior vocabulary: K codes, then one start token per class (or a single one)
        starts = data.num_classes if config.class_conditional else 1
        gpt_cfg = GPTConfig(block_size=self.tokens, n_layer=config.prior_layers, n_head=config.prior_heads,
                            n_embd=config.prior_embd, dropout=config.prior_dropout)
        self.prior = GPT(gpt_cfg, DataInfo((self.tokens,), config.codebook_size + starts))
        self.register_buffer("updates", torch.zeros((), dtype=torch.long))

    @property
    def tokens(self) -> int:
        """Codes per image (the start token is fed, never predicted)."""
        return self.grid[0] * self.grid[1]

    @property
    def stage(self) -> str:
        return "tokenizer" if int(self.updates) < self.config.vq_steps else "prior"

    # -- training ----------------------------------------------------------------------------
    def loss(self, batch) -> LossOutput:
        if self.stage == "tokenizer":
            return self.tokenizer_loss(batch[0])
        return self.prior_loss(batch)

    def tokenizer_loss(self, x) -> LossOutput:
        z_e = self.encoder(x * 2 - 1)
        z_q, codes, vq_loss = self.codebook(z_e, self.config.beta)
        recon = F.mse_loss(torch.tanh(self.decoder(z_q)), x * 2 - 1)
        if self.training:
            self.codebook.remember(z_e, codes)
        used, perplexity = code_usage(codes, self.config.codebook_size)
        return LossOutput(recon + vq_loss, {"recon": recon, "codes_used": used, "perplexity": perplexity})

    def prior_loss(self, batch) -> LossOutput:
        seq = self.token_sequence(batch)
        logits = self.prior(seq[:, :-1])
        loss = F.cross_entropy(logits.flatten(0, 1).float(), seq[:, 1:].flatten())
        return LossOutput(loss, {"prior_loss": loss})

    @torch.no_grad()
    def token_sequence(self, batch) -> torch.Tensor:
        """[start token, code_1, ..., code_L] of each image (the frozen tokenizer's codes)."""
        codes = self.codebook.nearest(self.encoder(batch[0] * 2 - 1)).flatten(1)
        return torch.cat([self.start_tokens(batch[1], codes.shape[0], codes.device)[:, None], codes], 1)

    def start_tokens(self, labels, n, device) -> torch.Tensor:
        k = self.config.codebook_size
        if self.conditional:
            return labels.to(device) + k
        return torch.full((n,), k, dtype=torch.long, device=device)

    def after_step(self) -> None:
        if self.stage == "tokenizer" and self.config.restart_after:
            self.codebook.restart_dead(self.config.restart_after)
        self.updates += 1

    @torch.no_grad()
    def eval_losses(self, batches) -> dict[str, float]:
        sums: dict[str, float] = {}
        count = 0
        for batch in batches:
            n = batch[0].shape[0]
            out = self.tokenizer_loss(batch[0])
            logs = {"recon": out.logs["recon"], "perplexity": out.logs["perplexity"],
                    "prior_loss": self.prior_loss(batch).loss}
            for key, value in logs.items():
                sums[key] = sums.get(key, 0.0) + float(value) * n
            count += n
        return {k: v / max(count, 1) for k, v in sums.items()}

    # -- sampling ----------------------------------------------------------------------------
    def draw_latents(self, n, generator=None):
        return torch.randn(n, self.tokens, generator=generator)

    @torch.no_grad()
    def decode_latents(self, z, labels=None, temperature: float | None = None, **options):
        """GPT writes the codes one by one (code i chosen by latent z_i), the decoder draws them."""
        t = self.config.temperature if temperature is None else temperature
        k = self.config.codebook_size
        seq = self.start_tokens(labels, z.shape[0], z.device)[:, None]
        for i in range(self.tokens):
            logits = self.prior(seq)[:, -1, :k].float() / t   # only codes, never a start token
            seq = torch.cat([seq, choose(logits.softmax(-1), z[:, i])[:, None]], 1)
        return self.decode_codes(seq[:, 1:])

    def export_graph(self):
        from genlab.export.graph import Call, ExportGraph

        codes = torch.randint(0, self.config.codebook_size, (2, self.tokens), device=self.device)
        shape = "x".join(map(str, self.data_info.shape))
        return ExportGraph(Call(self, lambda c: self.decode_codes(c)), (codes,), ["codes"], ["image"],
                           f"decoder: codes (N, {self.tokens}) int64 in 0..{self.config.codebook_size - 1} "
                           f"(a {self.grid[0]}x{self.grid[1]} grid, raster order) -> image (N, {shape}) in [0, 1]")

    def decode_codes(self, codes: torch.Tensor) -> torch.Tensor:
        """Images in [0, 1] from code grids (N, L)."""
        z_q = self.codebook.embed(codes.view(-1, *self.grid))
        return (torch.tanh(self.decoder(z_q)) + 1) / 2


def code_usage(codes: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Fraction of the K codes used by ``codes``, and the perplexity of their frequencies."""
    freq = torch.bincount(codes.flatten(), minlength=k).float()
    p = freq / freq.sum()
    entropy = -(p[p > 0] * p[p > 0].log()).sum()
    return (freq > 0).float().mean(), entropy.exp()


class Codebook(nn.Module):
    """K code vectors; nearest-code lookup with the straight-through gradient."""

    def __init__(self, k: int, dim: int):
        super().__init__()
        self.vectors = nn.Parameter(torch.empty(k, dim).uniform_(-1 / k, 1 / k))
        self.register_buffer("idle", torch.zeros(k, dtype=torch.long))   # updates since last use
        self._recent: torch.Tensor | None = None

    def nearest(self, z_e: torch.Tensor) -> torch.Tensor:
        """(N, D, H, W) encoder outputs -> (N, H, W) indices of their nearest codes."""
        flat = z_e.permute(0, 2, 3, 1).flatten(0, 2)
        dist = flat.pow(2).sum(1, keepdim=True) - 2 * flat @ self.vectors.t() + self.vectors.pow(2).sum(1)
        return dist.argmin(1).view(z_e.shape[0], *z_e.shape[2:])

    def embed(self, codes: torch.Tensor) -> torch.Tensor:
        return self.vectors[codes].permute(0, 3, 1, 2)

    def forward(self, z_e, beta: float):
        codes = self.nearest(z_e)
        e = self.embed(codes)
        vq_loss = F.mse_loss(e, z_e.detach()) + beta * F.mse_loss(z_e, e.detach())
        z_q = z_e + (e - z_e).detach()   # straight-through: forward e, backward identity
        return z_q, codes, vq_loss

    def remember(self, z_e: torch.Tensor, codes: torch.Tensor) -> None:
        """Note which codes this batch used, and keep its encoder outputs for restarts."""
        used = torch.zeros_like(self.idle, dtype=torch.bool)
        used[codes.flatten()] = True
        self.idle = torch.where(used, torch.zeros_like(self.idle), self.idle)
        self._recent = z_e.detach().permute(0, 2, 3, 1).flatten(0, 2)

    @torch.no_grad()
    def restart_dead(self, after: int) -> None:
        self.idle += 1
        dead = (self.idle > after).nonzero().flatten()
        if self._recent is None or not len(dead):
            return
        pick = torch.randint(0, self._recent.shape[0], (len(dead),), device=self._recent.device)
        self.vectors[dead] = self._recent[pick].to(self.vectors.dtype)
        self.idle[dead] = 0


class Encoder(nn.Module):
    """28x28 -> 7x7 grid of code_dim vectors: two stride-2 convolutions and a residual block."""

    def __init__(self, c: int, ch: int, dim: int):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(c, ch, 4, 2, 1), nn.ReLU(), nn.Conv2d(ch, 2 * ch, 4, 2, 1), nn.ReLU(),
            Residual(2 * ch), nn.ReLU(), nn.Conv2d(2 * ch, dim, 1))

    def forward(self, x):
        return self.net(x)


class Decoder(nn.Module):
    def __init__(self, c: int, ch: int, dim: int):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(dim, 2 * ch, 3, padding=1), Residual(2 * ch), nn.ReLU(),
            nn.ConvTranspose2d(2 * ch, ch, 4, 2, 1), nn.ReLU(), nn.ConvTranspose2d(ch, c, 4, 2, 1))

    def forward(self, z_q):
        return self.net(z_q)


class Residual(nn.Module):
    def __init__(self, ch: int):
        super().__init__()
        self.net = nn.Sequential(nn.ReLU(), nn.Conv2d(ch, ch, 3, padding=1), nn.ReLU(), nn.Conv2d(ch, ch, 1))

    def forward(self, x):
        return x + self.net(x)
