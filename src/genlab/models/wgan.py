"""Wasserstein GAN: weight clipping (Arjovsky, Chintala & Bottou, 2017) and gradient penalty
(Gulrajani et al., 2017, "Improved Training of Wasserstein GANs").

The idea: instead of a discriminator that outputs a probability, train a *critic* f whose
output difference E[f(real)] - E[f(fake)] estimates the Wasserstein-1 (earth mover's) distance
between the data and the generator's distribution. By Kantorovich-Rubinstein duality that
estimate is exact when f is the best 1-Lipschitz function. Unlike the JS divergence behind the
original GAN, W1 gives useful gradients even when the two distributions do not overlap, and the
estimate tracks sample quality, so it is logged (``train/wasserstein``) and plotted.

Keeping f 1-Lipschitz is the whole difficulty:
- ``variant = "clip"``: clamp every critic weight to [-c, c] after each update (c = 0.01). Crude:
  it biases the critic towards simple functions; the paper uses RMSprop, lr 5e-5 (momentum
  methods were unstable), and 5 critic updates per generator update.
- ``variant = "gp"``: penalise lambda * (||grad_x f(x_hat)||_2 - 1)^2 at random points x_hat on
  lines between real and fake images (lambda = 10). The critic has no batch norm (the penalty is
  per sample); we use layer norm as the paper suggests. Adam with lr 1e-4, betas (0, 0.9),
  5 critic updates per generator update.

Each trainer step updates the critic on one batch; every ``critic_iters``-th step also updates the
generator. The architecture is the DCGAN's (see :mod:`genlab.models.dcgan`).
"""

from __future__ import annotations

from typing import Literal

import torch
from pydantic import Field

from genlab.models.base import DataInfo, LossOutput
from genlab.models.dcgan import GANConfig, UnconditionalGAN


class WGANConfig(GANConfig):
    name: Literal["wgan"] = "wgan"
    variant: Literal["clip", "gp"] = "gp"
    critic_iters: int = Field(5, ge=1, description="critic updates per generator update")
    clip: float = Field(0.01, gt=0, description="weight clipping bound (variant clip)")
    gp_weight: float = Field(10.0, ge=0, description="lambda of the gradient penalty (variant gp)")


class WGAN(UnconditionalGAN):
    """The DCGAN's networks, with D as the critic f (no sigmoid: its output is a score)."""

    Config = WGANConfig
    legacy_state_keys = {**UnconditionalGAN.legacy_state_keys, "critic.": "discriminator."}

    def __init__(self, config: WGANConfig, data: DataInfo):
        # the penalty is per sample, so the critic must not normalize across the batch
        super().__init__(config, data, norm="layer" if config.variant == "gp" else "batch")
        # counts critic updates; a buffer, so it is checkpointed and resume stays exact
        self.register_buffer("critic_steps", torch.zeros((), dtype=torch.long))

    @property
    def critic(self):
        return self.discriminator

    def training_step(self, batch, ctx) -> LossOutput:
        cfg = self.config
        real = batch[0] * 2 - 1
        z = torch.randn(real.shape[0], cfg.latent_dim, device=real.device)
        fake = self.generator(z)
        # critic: maximise f(real) - f(fake), i.e. minimise its negative
        w_estimate = self.critic(real).mean() - self.critic(fake.detach()).mean()
        c_loss = -w_estimate
        logs = {"wasserstein": w_estimate.detach()}
        if cfg.variant == "gp":
            alpha = torch.rand(real.shape[0], device=real.device)
            gp = gradient_penalty(self.critic, real, fake.detach(), alpha)
            c_loss = c_loss + cfg.gp_weight * gp
            logs["gradient_penalty"] = gp.detach()
        ctx.optimize(c_loss, 1)
        if cfg.variant == "clip":
            with torch.no_grad():
                for p in self.critic.parameters():
                    p.clamp_(-cfg.clip, cfg.clip)
        self.critic_steps += 1
        if int(self.critic_steps) % cfg.critic_iters == 0:
            # generator: minimise -f(G(z)), i.e. move samples where the critic scores high
            g_loss = -self.critic(fake).mean()
            ctx.optimize(g_loss, 0)
            self.generator_updated()
            logs["g_loss"] = g_loss.detach()
        logs["critic_loss"] = c_loss.detach()
        return LossOutput(c_loss.detach(), logs)


def gradient_penalty(critic, real: torch.Tensor, fake: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    """E[(||grad f(x_hat)||_2 - 1)^2] with x_hat = alpha * real + (1 - alpha) * fake, one alpha ~ U(0, 1)
    per sample (shape (B,)): points on the segments between real and generated images."""
    a = alpha.view(-1, *([1] * (real.dim() - 1)))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_(True)
    scores = critic(x_hat)
    # create_graph: the penalty itself is differentiated when the critic is updated
    (grad,) = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)
    return ((grad.flatten(1).norm(2, dim=1) - 1) ** 2).mean()
