"""Conditional VAE (Sohn, Lee & Yan, 2015, "Learning Structured Output Representation using Deep
Conditional Generative Models"; Kingma et al., 2014, "Semi-supervised learning with deep
generative models", the M2 model's generative half).

The VAE of :mod:`genlab.models.vae` with the class y given to both networks:
encoder q(z | x, y), decoder p(x | z, y), prior p(z) = N(0, I). The bound becomes

    log p(x | y) >= E_q[log p(x | z, y)] - KL(q(z | x, y) || p(z)).

Because the decoder is told the class, z no longer has to encode it and is free to carry the
*style* (shape, thickness, pattern). To draw class k: z ~ N(0, I), decode with y = k. Keeping z
fixed and changing y transfers one style across classes (the ``style-transfer`` grid).

``sampling = "codes"`` draws z instead from a Gaussian fitted to the training codes of the
requested class (ex-post density estimation, :mod:`genlab.models.code_density`): the decoder
then sees codes like the ones it was trained on, where the prior's samples can fall into regions
the encoder never used.

``kl_weight`` (the beta of Higgins et al., 2017, "beta-VAE") scales the KL term in training. Below 1
it lets the codes keep more about each image, so reconstructions and samples are sharper: on
Fashion-MNIST a blurred coat reads as a pullover and a blurred sandal as a sneaker. The price is
a looser fit of q to the prior, which ``sampling = "codes"`` does not mind since it samples the
codes' own density. The reported ``nelbo`` is always the true bound (KL weight 1).

Guidance (borrowed from diffusion's classifier-free guidance, Ho & Salimans, 2022): with
``p_uncond > 0`` both networks sometimes get the null label instead of y (an all-zero one-hot), so
the decoder also learns p(x | z) without the class. Sampling can then decode z twice and
extrapolate in logit space, ``plain + w * (conditional - plain)``: w > 1 exaggerates what makes
the image *this* class rather than any class (a coat's opening, a sandal's straps), at some cost in
naturalness.

Both networks are small convnets; y enters as a one-hot vector concatenated to the encoder's
flattened features and to the decoder's input.
"""

from __future__ import annotations

import math
from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field, model_validator
from torch import nn

from genlab.models.base import DataInfo, LossOutput, halvable
from genlab.models.code_density import ClassGaussians
from genlab.models.imagegen import ImageGenerator, ImageGeneratorConfig
from genlab.models.capabilities import ExampleLosses, null_labels
from genlab.models.vae import gaussian_kl, reparameterize


class CVAEConfig(ImageGeneratorConfig):
    name: Literal["cvae"] = "cvae"
    latent_dim: int = Field(16, ge=1)
    channels: int = Field(32, ge=1)
    hidden_dim: int = Field(256, ge=1)
    sampling: Literal["prior", "codes"] = Field("prior", description="draw z from N(0, I) or from "
                                                 "a Gaussian fitted to the class's training codes")
    code_momentum: float = Field(0.01, gt=0, le=1, description="update rate of the code statistics")
    temperature: float = Field(1.0, gt=0, description="std of the prior draws when sampling (< 1: "
                               "more typical, less varied samples)")
    p_uncond: float = Field(0.0, ge=0, lt=1, description="probability of dropping the label in training "
                            "(> 0 lets sampling use guidance)")
    guidance: float = Field(1.0, ge=0, description="guidance scale w at sampling (1: plain conditional)")
    kl_weight: float = Field(1.0, gt=0, description="beta: weight of the KL term (< 1: sharper "
                             "reconstructions, codes further from N(0, I))")

    @model_validator(mode="after")
    def _guidance_needs_label_dropout(self):
        if self.guidance != 1.0 and self.p_uncond == 0:
            raise ValueError("guidance != 1 needs p_uncond > 0 (the decoder must learn the label-free case)")
        return self


class CVAE(ImageGenerator, ExampleLosses):
    Config = CVAEConfig
    conditional = True

    @classmethod
    def dp_problem(cls, config) -> str | None:
        if config.sampling == "codes":
            return ("sampling = 'codes' fits Gaussians to the training codes outside DP-SGD, which would "
                    "leak them; use sampling = 'prior'")
        return None

    def __init__(self, config: CVAEConfig, data: DataInfo):
        super().__init__(config, data)
        c, h, w = halvable(data.shape, 2, "the cVAE")
        ch, k, hid, d = config.channels, data.num_classes, config.hidden_dim, config.latent_dim
        self.start = (2 * ch, h // 4, w // 4)
        flat = math.prod(self.start)
        self.enc_conv = nn.Sequential(nn.Conv2d(c, ch, 4, 2, 1), nn.ReLU(),
                                      nn.Conv2d(ch, 2 * ch, 4, 2, 1), nn.ReLU(), nn.Flatten())
        self.enc_fc = nn.Sequential(nn.Linear(flat + k, hid), nn.ReLU(), nn.Linear(hid, 2 * d))
        self.dec_fc = nn.Sequential(nn.Linear(d + k, hid), nn.ReLU(), nn.Linear(hid, flat), nn.ReLU())
        self.dec_conv = nn.Sequential(nn.ConvTranspose2d(2 * ch, ch, 4, 2, 1), nn.ReLU(),
                                      nn.ConvTranspose2d(ch, c, 4, 2, 1))
        self.codes = ClassGaussians(k, d, config.code_momentum)  # used by sampling = "codes"

    def one_hot(self, y):
        """One-hot rows; the null label (index num_classes) is the all-zero row."""
        k = self.data_info.num_classes
        if y.is_floating_point():  # soft labels (a morph between classes): already weights
            return y[:, :k]
        return F.one_hot(y, k + 1)[:, :k].float()

    def encode(self, x, y):
        """Mean and log-variance of q(z | x, y)."""
        mu, logvar = self.enc_fc(torch.cat([self.enc_conv(x), self.one_hot(y)], 1)).chunk(2, 1)
        return mu, logvar

    def decode(self, z, y):
        """Bernoulli logits of p(x | z, y)."""
        return self.dec_conv(self.dec_fc(torch.cat([z, self.one_hot(y)], 1)).view(-1, *self.start))

    def loss(self, batch) -> LossOutput:
        x, y = batch[0], batch[1]
        keep = torch.ones_like(y, dtype=torch.bool)
        if self.training and self.config.p_uncond > 0:   # both networks lose the label
            keep = torch.rand(y.shape, device=y.device) >= self.config.p_uncond
            y = torch.where(keep, y, self.data_info.num_classes)
        mu, logvar = self.encode(x, y)
        z = reparameterize(mu, logvar)
        if self.training and self.config.sampling == "codes":  # only what sampling uses is kept
            self.codes.update(z.detach()[keep], y[keep])
        logits = self.decode(z, y)
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)
        kl = gaussian_kl(mu, logvar)
        loss = (recon + self.config.kl_weight * kl).mean()
        return LossOutput(loss, {"recon": recon.mean().detach(), "kl": kl.mean().detach()})

    @torch.no_grad()
    def example_losses(self, batch, generator: torch.Generator | None = None, draws: int = 4) -> torch.Tensor:
        """Each image's negative ELBO of -log p(x | y), averaged over ``draws`` codes z ~ q(z|x, y)."""
        x, y = batch[0], batch[1]
        mu, logvar = self.encode(x, y)
        total = gaussian_kl(mu, logvar) * draws
        for _ in range(draws):
            eps = torch.randn(mu.shape, generator=generator, device=mu.device)
            logits = self.decode(mu + (0.5 * logvar).exp() * eps, y)
            total = total + F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)
        return total / draws

    @torch.no_grad()
    def eval_losses(self, batches) -> dict[str, float]:
        sums, count = {"recon": 0.0, "kl": 0.0}, 0
        for batch in batches:
            out = self.loss(batch)
            n = batch[0].shape[0]
            sums["recon"] += float(out.logs["recon"]) * n
            sums["kl"] += float(out.logs["kl"]) * n
            count += n
        means = {k: v / max(count, 1) for k, v in sums.items()}
        # the bound itself, whatever kl_weight trained with: -log p(x | y) <= recon + kl
        return {"nelbo": means["recon"] + means["kl"], **means}

    def draw_latents(self, n, generator=None):
        # temperature < 1 draws from the prior's high-density core, where the decoder saw most
        # training codes (the "reduced temperature" of Kingma & Dhariwal, 2018, Glow)
        return self.config.temperature * torch.randn(n, self.config.latent_dim, generator=generator)

    def decode_latents(self, z, labels=None, guidance: float | None = None, **options):
        if self.config.sampling == "codes":
            z = self.codes.transform(z, labels)
        w = self.config.guidance if guidance is None else guidance
        if w == 1.0:
            return torch.sigmoid(self.decode(z, labels))
        null = null_labels(labels, self.data_info.num_classes)
        both = self.decode(torch.cat([z, z]), torch.cat([labels, null]))   # one call for both
        n = z.shape[0]   # (not chunk or len(): either would fix the exported batch size)
        cond, plain = both[:n], both[n:]
        return torch.sigmoid(plain + w * (cond - plain))

    @torch.no_grad()
    def visualize(self, batch, generator, num_samples):
        grids = super().visualize(batch, generator, num_samples)
        k = self.data_info.num_classes
        z = self.draw_latents(8, generator).to(self.device).repeat_interleave(k, 0)  # row: one style,
        y = torch.arange(k, device=self.device).repeat(8)                            # every class
        grids["style-transfer"] = self.decode_latents(z, y)
        return grids
