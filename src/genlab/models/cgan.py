"""Class-conditional GAN (Mirza & Osindero, 2014) with a projection discriminator (Miyato &
Koyama, 2018, "cGANs with Projection Discriminator").

Both players see the class y. The generator gets a learned embedding of y next to its noise z,
so G(z, y) can draw the requested class. The discriminator must judge "is this a real image *of
class y*?", otherwise G could ignore y. Feeding y to D by concatenation works but is weak; the
projection discriminator writes the conditional logit as

    D(x, y) = psi(phi(x)) + <embed(y), phi(x)>

where phi(x) are D's conv features: the first term judges realism, the inner product measures
how well the features match class y. It follows from modelling log p(y|x) as a softmax, so the
form is principled, and in practice it gives much better class fidelity than concatenation.

The discriminator follows the same paper's companion, SNGAN (Miyato et al., 2018, "Spectral
Normalization for GANs"): spectral normalization divides each weight matrix by its largest
singular value (one power iteration per step), which bounds D's Lipschitz constant without batch
norm, and the hinge loss trains it: D minimises E[relu(1 - D(x, y))] + E[relu(1 + D(G(z), y))],
G minimises -E[D(G(z), y)]. With a batch-norm discriminator and the plain cross-entropy of
DCGAN (``loss = "bce"``, ``spectral_norm = false``) the generator soon learns to ignore z and
draws one image per class (we saw recall fall to 0.003 in two epochs on Fashion-MNIST).

Spectral norm and the hinge loss alone did not cure that here: the samples of a class still came
out nearly alike (recall about 0.01). The class label is an easy, strong signal, and G earns most
of D's approval by drawing the one most typical picture of each class ("conditional mode
collapse"). The mode-seeking term of MSGAN (Mao et al., 2019) answers it directly: the fakes come
in pairs of one class with two noises, and G pays 1 / (distance of the images / distance of the
noises), so two noises that give the same image cost a lot (``mode_seeking``, the recipe's 1.0 is
the paper's weight). Sampling takes the class: ``genlab sample RUN --class 3``.
"""

from __future__ import annotations

from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field
from torch import nn

from genlab.models.base import DataInfo, LossOutput
from genlab.models.dcgan import (Discriminator, Generator, dcgan_init, discriminator_loss,
                                 generator_loss)
from genlab.models.capabilities import embed_labels
from genlab.models.ema import maybe_ema
from genlab.models.imagegen import ImageGenerator, ImageGeneratorConfig


class CGANConfig(ImageGeneratorConfig):
    name: Literal["cgan"] = "cgan"
    latent_dim: int = Field(64, ge=1)
    embed_dim: int = Field(32, ge=1, description="size of G's label embedding")
    channels: int = Field(64, ge=1)
    loss: Literal["hinge", "bce"] = "hinge"
    spectral_norm: bool = True
    ema: float = Field(0.999, ge=0, lt=1, description="EMA decay of the sampling generator (0: off)")
    mode_seeking: float = Field(0.0, ge=0, description="weight of the mode-seeking term (MSGAN; 0: off)")


class CGAN(ImageGenerator):
    Config = CGANConfig
    conditional = True
    manual_optimization = True   # G and D, one optimizer each
    legacy_state_keys = {"ema_g.": "ema.average.", "g_updates": "ema.updates"}

    def __init__(self, config: CGANConfig, data: DataInfo):
        super().__init__(config, data)
        k = data.num_classes
        self.label_embed = nn.Embedding(k, config.embed_dim)
        self.generator = Generator(config.latent_dim, config.channels, data.shape, extra_inputs=config.embed_dim)
        self.discriminator = Discriminator(config.channels, data.shape,
                                           norm="none" if config.spectral_norm else "batch")
        self.apply(dcgan_init)
        # the projection: one feature-sized vector per class (after init: it must start small)
        self.class_proj = nn.Embedding(k, self.discriminator.out_features)
        nn.init.normal_(self.class_proj.weight, 0.0, 0.02)
        nn.init.normal_(self.label_embed.weight, 0.0, 1.0)
        if config.spectral_norm:
            sn = nn.utils.parametrizations.spectral_norm
            for module in list(self.discriminator.modules()):
                if isinstance(module, (nn.Conv2d, nn.Linear)):
                    sn(module)
            sn(self.class_proj)
        # samples come from an average of G (and its label embedding), as in the DCGAN lab
        self.ema = maybe_ema(self.live_generator(), config.ema)

    def live_generator(self) -> nn.ModuleDict:
        """G with its label embedding: what is trained, and what the EMA averages."""
        return nn.ModuleDict({"embed": self.label_embed, "net": self.generator})

    def param_groups(self) -> list:
        g = list(self.generator.parameters()) + list(self.label_embed.parameters())
        d = list(self.discriminator.parameters()) + list(self.class_proj.parameters())
        return [g, d]

    def draw_latents(self, n, generator=None):
        return torch.randn(n, self.config.latent_dim, generator=generator)

    def fake(self, z, labels, embed=None, net=None):
        embed = self.label_embed if embed is None else embed
        net = self.generator if net is None else net
        return net(torch.cat([z, embed_labels(embed, labels)], 1))

    def decode_latents(self, z, labels=None, **options):
        if self.ema is not None:
            return (self.fake(z, labels, self.ema.average["embed"], self.ema.average["net"]) + 1) / 2
        return (self.fake(z, labels) + 1) / 2

    def critic(self, x, labels):
        """D(x, y) = psi(phi(x)) + <embed(y), phi(x)>."""
        h = self.discriminator.features(x)
        return self.discriminator.logit(h).squeeze(1) + (self.class_proj(labels) * h).sum(1)

    def training_step(self, batch, ctx) -> LossOutput:
        real, labels = batch[0] * 2 - 1, batch[1]
        z = torch.randn(real.shape[0], self.config.latent_dim, device=real.device)
        if self.config.mode_seeking:
            half = real.shape[0] // 2   # fakes in pairs: the same class from two noises
            fake_labels = torch.cat([labels[:half], labels[:half], labels[2 * half:]])
        else:
            fake_labels = labels        # fakes of the same classes as the real batch
        fake = self.fake(z, fake_labels)
        real_logits = self.critic(real, labels)
        fake_logits = self.critic(fake.detach(), fake_labels)
        hinge = self.config.loss == "hinge"
        d_loss = (hinge_discriminator_loss if hinge else discriminator_loss)(real_logits, fake_logits)
        ctx.optimize(d_loss, 1)
        g_logits = self.critic(fake, fake_labels)
        g_loss = -g_logits.mean() if hinge else generator_loss(g_logits)
        if self.config.mode_seeking:
            g_loss = g_loss + self.config.mode_seeking * mode_seeking_penalty(fake, z, half)
        ctx.optimize(g_loss, 0)
        if self.ema is not None:
            self.ema.update(self.live_generator())
        return LossOutput(g_loss + d_loss, {"d_loss": d_loss.detach(), "g_loss": g_loss.detach()})


def hinge_discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """SNGAN's hinge loss for D: E[relu(1 - D(x, y))] + E[relu(1 + D(G(z), y))]; G's is -E[D(G(z), y)]."""
    return F.relu(1 - real_logits).mean() + F.relu(1 + fake_logits).mean()


def mode_seeking_penalty(fake: torch.Tensor, z: torch.Tensor, half: int) -> torch.Tensor:
    """MSGAN (Mao et al., 2019, "Mode Seeking GANs for Diverse and Realistic Image Synthesis"):
    two noises of the same class should give images at least as far apart as the noises are.
    Returns 1 / (ratio + eps) for ratio = mean|G(z1) - G(z2)| / mean|z1 - z2|, which is large when
    G maps different noises to the same picture."""
    ratio = (fake[:half] - fake[half:2 * half]).abs().mean() / (z[:half] - z[half:2 * half]).abs().mean()
    return 1.0 / (ratio + 1e-5)
