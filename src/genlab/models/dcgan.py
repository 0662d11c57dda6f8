"""Deep convolutional GAN (Radford, Metz & Chintala, 2016), at the dataset's native 28x28.

A generative adversarial network (Goodfellow et al., 2014) is a two-player game: a generator G
turns noise z ~ N(0, I) into images, a discriminator D tells real images from generated ones.
D minimises the cross-entropy of "real vs fake"; G is trained to make D say "real" on its
samples. At the game's equilibrium G's distribution is the data distribution.

The DCGAN tricks, and why:
- only (transposed) convolutions with stride 2, no pooling: the networks learn their own up- and
  down-sampling;
- batch norm in G and D (not on G's output nor D's input): keeps activations well scaled, which
  stops G from collapsing to one image early on;
- ReLU in G, tanh on its output (images in [-1, 1], symmetric, like G's last layer); LeakyReLU(0.2)
  in D, so that D passes gradient back to G even for inputs it rejects;
- Adam with lr 2e-4 and beta1 = 0.5: the default momentum 0.9 makes the game oscillate;
- weights from N(0, 0.02);
- the non-saturating generator loss -log D(G(z)) instead of log(1 - D(G(z))): the latter has no
  gradient exactly when G is bad and D is confident (Goodfellow et al., 2014, section 3);
- one-sided label smoothing (Salimans et al., 2016) is optional (``label_smoothing``): real targets
  of 0.9 stop D from growing overconfident;
- samples come from an exponential moving average of G's weights (``ema``, see
  :mod:`genlab.models.ema`): the game makes the last G oscillate around a good solution, and the
  average sits closer to it. Training itself is unchanged.

Shapes at 28x28: z (64) -> 256x7x7 -> 128x14x14 -> 1x28x28, and the mirror image in D. Any image
side divisible by 4 works. :class:`UnconditionalGAN` is what the DCGAN and WGAN labs share.
"""

from __future__ import annotations

from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field
from torch import nn

from genlab.models.base import DataInfo, LossOutput, halvable
from genlab.models.ema import maybe_ema
from genlab.models.imagegen import ImageGenerator, ImageGeneratorConfig


class GANConfig(ImageGeneratorConfig):
    latent_dim: int = Field(64, ge=1)
    channels: int = Field(64, ge=1, description="width of D's first layer and G's last hidden layer")
    ema: float = Field(0.999, ge=0, lt=1, description="EMA decay of the sampling generator (0: off)")


class UnconditionalGAN(ImageGenerator):
    """G and D of this file, G's weight average for sampling, and one optimizer for each:
    optimizer 0 trains G, optimizer 1 trains D (both from the recipe's [optim] table)."""

    manual_optimization = True
    legacy_state_keys = {"ema_generator.": "ema.average.", "g_updates": "ema.updates"}

    def __init__(self, config: GANConfig, data: DataInfo, norm: str = "batch"):
        """``norm``: D's normalization, batch norm or per-sample ("layer", for a gradient penalty)."""
        super().__init__(config, data)
        self.generator = Generator(config.latent_dim, config.channels, data.shape)
        self.discriminator = Discriminator(config.channels, data.shape, norm=norm)
        self.apply(dcgan_init)
        self.ema = maybe_ema(self.generator, config.ema)

    def param_groups(self) -> list:
        return [self.generator.parameters(), self.discriminator.parameters()]

    def draw_latents(self, n, generator=None):
        return torch.randn(n, self.config.latent_dim, generator=generator)

    def decode_latents(self, z, labels=None, **options):
        g = self.ema if self.ema is not None else self.generator
        return (g(z) + 1) / 2

    def generator_updated(self) -> None:
        if self.ema is not None:
            self.ema.update(self.generator)


class DCGANConfig(GANConfig):
    name: Literal["dcgan"] = "dcgan"
    label_smoothing: float = Field(0.0, ge=0, lt=0.5, description="real targets are 1 - this")


class DCGAN(UnconditionalGAN):
    Config = DCGANConfig

    def training_step(self, batch, ctx) -> LossOutput:
        real = batch[0] * 2 - 1
        n = real.shape[0]
        fake = self.generator(torch.randn(n, self.config.latent_dim, device=real.device))
        # 1. D: push D(real) up and D(fake) down; fake is detached so G gets no gradient here
        real_logits = self.discriminator(real)
        fake_logits = self.discriminator(fake.detach())
        smoothing = self.config.label_smoothing
        d_loss = (discriminator_loss(real_logits, fake_logits, 1.0 - smoothing) if smoothing
                  else discriminator_loss(real_logits, fake_logits))
        ctx.optimize(d_loss, 1)
        # 2. G: the non-saturating loss, -log D(G(z)), through the just-updated D
        g_loss = generator_loss(self.discriminator(fake))
        ctx.optimize(g_loss, 0)
        self.generator_updated()
        return LossOutput(g_loss + d_loss, {
            "d_loss": d_loss.detach(), "g_loss": g_loss.detach(),
            "d_real": torch.sigmoid(real_logits).mean().detach(),   # D's belief on real images
            "d_fake": torch.sigmoid(fake_logits).mean().detach()})  # ... and on fakes


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor,
                       real_target: float = 1.0) -> torch.Tensor:
    """D's cross-entropy of "real vs fake" from its logits: -log D(x) - log(1 - D(G(z))), each
    averaged over its batch (``real_target`` < 1 is one-sided label smoothing)."""
    target = torch.full_like(real_logits, real_target)
    return (F.binary_cross_entropy_with_logits(real_logits, target)
            + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))


def generator_loss(fake_logits: torch.Tensor) -> torch.Tensor:
    """The non-saturating generator loss -log D(G(z)), averaged over the batch."""
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))


class Generator(nn.Module):
    def __init__(self, latent_dim: int, ch: int, shape, extra_inputs: int = 0):
        super().__init__()
        c, h, w = halvable(shape, 2, "the GAN generator")
        self.start = (4 * ch, h // 4, w // 4)
        self.project = nn.Sequential(
            nn.Linear(latent_dim + extra_inputs, 4 * ch * (h // 4) * (w // 4), bias=False),
            nn.BatchNorm1d(4 * ch * (h // 4) * (w // 4)), nn.ReLU())
        self.net = nn.Sequential(
            nn.ConvTranspose2d(4 * ch, 2 * ch, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * ch), nn.ReLU(),
            nn.ConvTranspose2d(2 * ch, c, 4, 2, 1), nn.Tanh())

    def forward(self, z):
        return self.net(self.project(z).view(-1, *self.start))


class Discriminator(nn.Module):
    """Conv features phi(x) (``features``) and a linear real/fake logit on top (``forward``)."""

    def __init__(self, ch: int, shape, norm: str = "batch"):
        super().__init__()
        c, h, w = shape
        norm2 = {"batch": lambda: nn.BatchNorm2d(2 * ch),
                 "layer": lambda: nn.GroupNorm(1, 2 * ch),   # per-sample: safe with a gradient penalty
                 "none": lambda: nn.Identity()}[norm]
        self.features = nn.Sequential(
            nn.Conv2d(c, ch, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(ch, 2 * ch, 4, 2, 1, bias=norm == "none"), norm2(), nn.LeakyReLU(0.2),
            nn.Flatten())
        self.out_features = 2 * ch * (h // 4) * (w // 4)
        self.logit = nn.Linear(self.out_features, 1)

    def forward(self, x):
        return self.logit(self.features(x)).squeeze(1)


def dcgan_init(m: nn.Module) -> None:
    """N(0, 0.02) weights for convolutions and linear layers, N(1, 0.02) for norm scales."""
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
        nn.init.normal_(m.weight, 0.0, 0.02)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.GroupNorm)) and m.weight is not None:
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)
