"""A RealNVP / Glow-style normalizing flow (Dinh, Sohl-Dickstein & Bengio, 2017; Kingma &
Dhariwal, 2018) with an exact log-likelihood in bits per dimension.

The idea: an invertible network f maps an image x to a latent z = f(x) of the same size, with
z ~ N(0, I). The change-of-variables formula then gives the exact density of x,

    log p(x) = log N(f(x); 0, I) + log |det df/dx|,

so the model is trained by maximum likelihood directly, and sampled by x = f^{-1}(z). The art is
layers that are invertible *and* have a cheap Jacobian determinant:

- an **affine coupling** layer leaves half the channels a as they are and transforms the other
  half b as b * exp(s(a)) + t(a), where s and t are any network (here a small CNN). Inverting
  needs only s(a) and t(a), which are known because a is unchanged; the Jacobian is triangular,
  so its log-determinant is just sum(s(a));
- an **invertible 1x1 convolution** (Glow) mixes the channels between couplings, so every channel
  is transformed in turn; its log-determinant is H * W * log |det W|;
- **actnorm** (Glow): a learned scale and shift per channel;
- **squeeze** trades space for channels (2x2 blocks become 4 channels) so that couplings over
  channels also mix neighbouring pixels, and the **multi-scale** split (RealNVP) sends half of
  the channels straight to the latent after each level: later levels work on fewer dimensions.

Discrete pixels have no density, so they are *dequantized*: y = (x * 255 + u) / 256 with
u ~ U(0, 1), and a logit transform maps y away from the edges of [0, 1] (RealNVP section 4.1).
Bits per dimension count every Jacobian, including the dequantization's 256 levels, so they are
the code length of the 8-bit images (comparable with published figures on the same data).

Sampling at temperature T draws z ~ N(0, T^2 I): lower T trades diversity for cleaner images
(Glow, section 5).
"""

from __future__ import annotations

import math
from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field
from torch import nn

from genlab.models.base import DataInfo, LossOutput, halvable
from genlab.models.capabilities import ExampleLosses
from genlab.models.imagegen import ImageGenerator, ImageGeneratorConfig

LOGIT_ALPHA = 0.05   # RealNVP's logit transform: y is squeezed into [alpha, 1 - alpha]


class RealNVPConfig(ImageGeneratorConfig):
    name: Literal["realnvp"] = "realnvp"
    levels: int = Field(2, ge=1, description="squeeze-flow-split levels")
    steps: int = Field(4, ge=1, description="flow steps (actnorm, 1x1 conv, coupling) per level")
    hidden: int = Field(64, ge=4, description="channels of the coupling networks")
    temperature: float = Field(0.7, gt=0, le=2, description="latent scale when sampling")


class RealNVP(ImageGenerator, ExampleLosses):
    Config = RealNVPConfig
    SAMPLING_OPTIONS = ("temperature",)
    key_metric = "test/bpd"

    def __init__(self, config: RealNVPConfig, data: DataInfo):
        super().__init__(config, data)
        c, h, w = halvable(data.shape, config.levels, "the flow's squeeze")
        self.levels = nn.ModuleList()
        for level in range(config.levels):
            c *= 4   # squeeze
            self.levels.append(nn.ModuleList(FlowStep(c, config.hidden) for _ in range(config.steps)))
            if level < config.levels - 1:
                c //= 2   # half the channels leave for the latent

    # -- the flow: x -> z and back -------------------------------------------------------------
    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Latent z (N, D) of dequantized images x in [0, 1], and log |det dz/dx| per image."""
        h, logdet = to_logits(x)
        parts = []
        for i, steps in enumerate(self.levels):
            h = squeeze(h)
            for step in steps:
                h, ld = step(h)
                logdet = logdet + ld
            if i < len(self.levels) - 1:
                out, h = h.chunk(2, 1)
                parts.append(out.flatten(1))
        parts.append(h.flatten(1))
        return torch.cat(parts, 1), logdet

    def inverse(self, z: torch.Tensor) -> torch.Tensor:
        """Images in [0, 1] of latents z (N, D): the layers undone in reverse order."""
        shapes = self._latent_shapes()
        sizes = [math.prod(s) for s in shapes]
        parts = list(z.split(sizes, 1))
        h = parts.pop().view(-1, *shapes[-1])
        for i in reversed(range(len(self.levels))):
            if i < len(self.levels) - 1:
                h = torch.cat([parts.pop().view(-1, *shapes[i]), h], 1)
            for step in reversed(self.levels[i]):
                h = step.inverse(h)
            h = unsqueeze(h)
        return from_logits(h)

    def _latent_shapes(self) -> list[tuple[int, int, int]]:
        c, h, w = self.data_info.shape
        shapes = []
        for i in range(len(self.levels)):
            c, h, w = c * 4, h // 2, w // 2
            if i < len(self.levels) - 1:
                c //= 2
            shapes.append((c, h, w))
        return shapes

    # -- likelihood --------------------------------------------------------------------------
    def example_losses(self, batch, generator=None) -> torch.Tensor:
        """-log p(x) of each 8-bit image in bits per dimension (dequantized with ``generator``)."""
        x = batch[0]
        u = torch.rand(x.shape, generator=generator).to(x.device) if generator is not None else torch.rand_like(x)
        y = (torch.round(x * 255) + u) / 256
        z, logdet = self(y)
        log_pz = -0.5 * (z.pow(2) + math.log(2 * math.pi)).sum(1)
        d = z.shape[1]
        nll = -(log_pz + logdet) + d * math.log(256)   # density of y -> probability of the 8-bit x
        return nll / (d * math.log(2))

    def loss(self, batch) -> LossOutput:
        return LossOutput(self.example_losses(batch).mean())

    @torch.no_grad()
    def eval_losses(self, batches) -> dict[str, float]:
        gen = torch.Generator().manual_seed(0)   # the same dequantization noise every time
        total, count = 0.0, 0
        for batch in batches:
            total += float(self.example_losses(batch, gen).sum())
            count += batch[0].shape[0]
        return {"bpd": total / max(count, 1)}

    # -- sampling ----------------------------------------------------------------------------
    def draw_latents(self, n, generator=None):
        return torch.randn(n, math.prod(self.data_info.shape), generator=generator)

    @torch.no_grad()
    def decode_latents(self, z, labels=None, temperature: float | None = None, **options):
        t = self.config.temperature if temperature is None else temperature
        return self.inverse(z * t).clamp(0, 1)

    def export_graph(self):
        """The inverse flow, latents -> images (the 1x1 convolutions' inverses as constants)."""
        from genlab.export.graph import decoder_graph

        return decoder_graph(self, f"inverse flow at temperature {self.config.temperature} (z ~ N(0, I))")


def to_logits(y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """y in [0, 1] -> logit(alpha + (1 - 2 alpha) y), with its log-Jacobian per image."""
    p = LOGIT_ALPHA + (1 - 2 * LOGIT_ALPHA) * y
    logdet = (math.log(1 - 2 * LOGIT_ALPHA) - torch.log(p) - torch.log1p(-p)).flatten(1).sum(1)
    return torch.log(p) - torch.log1p(-p), logdet


def from_logits(h: torch.Tensor) -> torch.Tensor:
    return (torch.sigmoid(h) - LOGIT_ALPHA) / (1 - 2 * LOGIT_ALPHA)


def squeeze(x: torch.Tensor) -> torch.Tensor:
    """(N, C, H, W) -> (N, 4C, H/2, W/2): each 2x2 block of pixels becomes 4 channels."""
    n, c, h, w = x.shape
    return x.view(n, c, h // 2, 2, w // 2, 2).permute(0, 1, 3, 5, 2, 4).reshape(n, 4 * c, h // 2, w // 2)


def unsqueeze(x: torch.Tensor) -> torch.Tensor:
    n, c, h, w = x.shape
    return x.view(n, c // 4, 2, 2, h, w).permute(0, 1, 4, 2, 5, 3).reshape(n, c // 4, 2 * h, 2 * w)


class FlowStep(nn.Module):
    """actnorm -> invertible 1x1 convolution -> affine coupling (one step of Glow)."""

    def __init__(self, channels: int, hidden: int):
        super().__init__()
        self.log_scale = nn.Parameter(torch.zeros(1, channels, 1, 1))   # actnorm
        self.shift = nn.Parameter(torch.zeros(1, channels, 1, 1))
        q, _ = torch.linalg.qr(torch.randn(channels, channels))         # a random rotation
        self.mix = nn.Parameter(q)
        self.coupling = nn.Sequential(
            nn.Conv2d(channels // 2, hidden, 3, padding=1), nn.ReLU(),
            nn.Conv2d(hidden, hidden, 1), nn.ReLU(),
            nn.Conv2d(hidden, 2 * (channels - channels // 2), 3, padding=1))
        nn.init.zeros_(self.coupling[-1].weight)   # every step starts as the identity
        nn.init.zeros_(self.coupling[-1].bias)
        self.mix_inverse: torch.Tensor | None = None   # see freeze_for_export

    def freeze_for_export(self) -> None:
        """Keep W^-1 as a constant: ONNX has no matrix inverse, and W is fixed once trained."""
        self.mix_inverse = torch.linalg.inv(self.mix).detach()

    def forward(self, x):
        pixels = x.shape[2] * x.shape[3]
        x = x * self.log_scale.exp() + self.shift
        x = F.conv2d(x, self.mix[:, :, None, None])
        a, b = x.split([x.shape[1] // 2, x.shape[1] - x.shape[1] // 2], 1)
        s, t = self._scale_shift(a)
        logdet = pixels * (self.log_scale.sum() + torch.linalg.slogdet(self.mix)[1]) + s.flatten(1).sum(1)
        return torch.cat([a, b * s.exp() + t], 1), logdet

    def inverse(self, y):
        a, b = y.split([y.shape[1] // 2, y.shape[1] - y.shape[1] // 2], 1)
        s, t = self._scale_shift(a)
        x = torch.cat([a, (b - t) * (-s).exp()], 1)
        w_inv = self.mix_inverse if self.mix_inverse is not None else torch.linalg.inv(self.mix)
        x = F.conv2d(x, w_inv[:, :, None, None])
        return (x - self.shift) * (-self.log_scale).exp()

    def _scale_shift(self, a):
        raw_s, t = self.coupling(a).chunk(2, 1)
        return torch.tanh(raw_s), t   # a bounded log-scale keeps early training stable
