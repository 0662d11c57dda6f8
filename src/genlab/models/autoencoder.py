"""Convolutional autoencoder, and its use for denoising (Vincent et al., 2008).

An autoencoder squeezes an image x through a small code z = enc(x) and rebuilds it,
x_hat = dec(z), trained to make x_hat close to x (binary cross-entropy per pixel here, which
treats grey levels as probabilities, as the VAE lab does). With a code much smaller than the
image, the network must learn what the images have in common.

Unlike the VAE, nothing makes the codes follow a known distribution, so an autoencoder alone
cannot sample. Following Ghosh et al. (2020, "From variational to deterministic autoencoders"),
we fit a density to the codes after the fact: one full-covariance Gaussian per class of the
training labels (see :mod:`genlab.models.code_density`). Sampling picks a component by its
class's share, draws z from that Gaussian and decodes it. One Gaussian for all classes would put
much of its mass between the classes' clusters, where the decoder makes blurry hybrids.

Denoising: with ``noise > 0`` the encoder sees x + N(0, noise^2) (clipped to [0, 1]) but the
target is the clean x, so the network must learn to remove noise, i.e. what clean images look
like. The ``denoising`` grid shows (noisy, clean, denoised) triplets, and ``test/denoise_psnr``
says how close the denoised images are to the clean ones.
"""

from __future__ import annotations

import math
from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field
from torch import nn

from genlab.models.base import DataInfo, LossOutput, halvable
from genlab.models.code_density import ClassGaussians
from genlab.models.imagegen import ImageGenerator, ImageGeneratorConfig


class AutoencoderConfig(ImageGeneratorConfig):
    name: Literal["autoencoder"] = "autoencoder"
    latent_dim: int = Field(16, ge=1)
    channels: int = Field(32, ge=1)
    noise: float = Field(0.0, ge=0, description="std of the Gaussian noise on the inputs (denoising)")
    show_noise: float = Field(0.3, gt=0, description="noise level of the denoising grid and PSNR")
    code_momentum: float = Field(0.01, gt=0, le=1, description="update rate of the code statistics")


class Autoencoder(ImageGenerator):
    Config = AutoencoderConfig

    def __init__(self, config: AutoencoderConfig, data: DataInfo):
        super().__init__(config, data)
        c, h, w = halvable(data.shape, 2, "the autoencoder")
        ch, d = config.channels, config.latent_dim
        self.start = (2 * ch, h // 4, w // 4)
        flat = math.prod(self.start)
        self.encoder = nn.Sequential(
            nn.Conv2d(c, ch, 4, 2, 1), nn.ReLU(), nn.Conv2d(ch, 2 * ch, 4, 2, 1), nn.ReLU(),
            nn.Flatten(), nn.Linear(flat, d))
        self.decoder_fc = nn.Sequential(nn.Linear(d, flat), nn.ReLU())
        self.decoder_conv = nn.Sequential(
            nn.ConvTranspose2d(2 * ch, ch, 4, 2, 1), nn.ReLU(), nn.ConvTranspose2d(ch, c, 4, 2, 1))
        # the density we sample from, fitted to the codes as training goes
        self.codes = ClassGaussians(data.num_classes, d, config.code_momentum)

    def encode(self, x):
        return self.encoder(x)

    def decode_logits(self, z):
        return self.decoder_conv(self.decoder_fc(z).view(-1, *self.start))

    def decode(self, z):
        return torch.sigmoid(self.decode_logits(z))

    def corrupt(self, x, std: float):
        return (x + std * torch.randn_like(x)).clamp(0, 1) if std > 0 else x

    def loss(self, batch) -> LossOutput:
        x = batch[0]
        z = self.encode(self.corrupt(x, self.config.noise))
        logits = self.decode_logits(z)
        bce = F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1).mean()
        if self.training:
            self.codes.update(z.detach(), batch[1] if len(batch) > 1 else None)
        mse = F.mse_loss(torch.sigmoid(logits), x)
        return LossOutput(bce, {"mse": mse.detach()})

    # -- sampling: decode draws from the mixture fitted to the codes -----------------------------
    def draw_latents(self, n, generator=None):
        # standard normal here; ``decode_latents`` maps it through the fitted mixture (the last
        # coordinate picks the component), so latent walks move through the same space the other
        # generators use
        return torch.randn(n, self.config.latent_dim + 1, generator=generator)

    def decode_latents(self, z, labels=None, **options):
        components = self.codes.component(torch.special.ndtr(z[:, -1]))   # uniform in (0, 1)
        return self.decode(self.codes.transform(z[:, :-1], components))

    # -- evaluation --------------------------------------------------------------------------
    @torch.no_grad()
    def eval_losses(self, batches) -> dict[str, float]:
        gen = torch.Generator().manual_seed(1)
        sums = {"bce": 0.0, "mse": 0.0, "denoise_psnr": 0.0}
        count = 0
        for x, *_ in batches:
            out = self.loss((x,))
            n = x.shape[0]
            sums["bce"] += float(out.loss) * n
            sums["mse"] += float(out.logs["mse"]) * n
            noisy = (x + self.config.show_noise * torch.randn(x.shape, generator=gen).to(x.device)).clamp(0, 1)
            err = (self.decode(self.encode(noisy)) - x).pow(2).flatten(1).mean(1)
            sums["denoise_psnr"] += float((-10 * torch.log10(err.clamp_min(1e-10))).sum())
            count += n
        return {k: v / max(count, 1) for k, v in sums.items()}

    @torch.no_grad()
    def visualize(self, batch, generator, num_samples):
        # grids are laid out square: 18 pairs and 12 triplets fill 6 columns exactly, so every
        # row reads (original, reconstruction) x 3 and (noisy, clean, denoised) x 2
        x = batch[0][:18]
        grids = super().visualize(batch, generator, num_samples)
        grids["reconstructions"] = torch.stack([x, self.decode(self.encode(x))], 1).flatten(0, 1)
        x = x[:12]
        noisy = (x + self.config.show_noise * torch.randn(x.shape, generator=generator).to(x.device)).clamp(0, 1)
        grids["denoising"] = torch.stack([noisy, x, self.decode(self.encode(noisy))], 1).flatten(0, 1)
        return grids
