"""Denoising diffusion (DDPM: Ho, Jain & Abbeel, 2020), class-conditional with classifier-free
guidance (Ho & Salimans, 2022).

The idea: destroy images with Gaussian noise in T small steps until nothing but noise is left
(the forward process, fixed, see :mod:`genlab.schedulers`), and train a network to undo one step.
With x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps, Ho et al. show that a simple
reweighting of the ELBO becomes a regression: predict the noise,

    loss = E_{x_0, t, eps} || eps - eps_theta(x_t, t) ||^2.

To generate, start from x_T ~ N(0, I) and apply the learned reverse step T times (ancestral
DDPM sampling), or jump along a few steps with DDIM (Song et al., 2021), e.g. 25 instead of 1000.
The schedule (``linear`` or ``cosine``) and the sampler live in :mod:`genlab.schedulers`; the
network is the small U-Net of :mod:`genlab.models.unet`.

Classifier-free guidance: during training the class label is replaced by a "null" label with
probability ``p_uncond``, so one network learns both eps(x_t, t, y) and eps(x_t, t). At sampling
time the two are extrapolated,

    eps = eps(x_t, t) + w * (eps(x_t, t, y) - eps(x_t, t)),

with guidance scale w (1 = plain conditional, larger = more class-typical, less diverse).

An exponential moving average of the weights (``ema``) is used for sampling: diffusion samples
from averaged weights are much cleaner than from the last step's (Song & Ermon, 2020; Ho et al.).
"""

from __future__ import annotations

from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field, model_validator

from genlab.models.base import DataInfo, LossOutput, halvable
from genlab.models.ema import maybe_ema
from genlab.models.capabilities import ExampleLosses, NoisePrediction, null_labels
from genlab.models.imagegen import ImageGenerator, ImageGeneratorConfig
from genlab.models.unet import UNet
from genlab.schedulers import make_sampler, make_schedule, run_sampler


class DiffusionConfig(ImageGeneratorConfig):
    name: Literal["diffusion"] = "diffusion"
    channels: int = Field(32, ge=8, description="U-Net width at full resolution")
    mults: tuple[int, ...] = (1, 2, 2)
    dropout: float = Field(0.0, ge=0, lt=1)
    timesteps: int = Field(1000, ge=2)
    schedule: Literal["linear", "cosine"] = "cosine"
    class_conditional: bool = True
    p_uncond: float = Field(0.1, ge=0, le=1, description="probability of dropping the label in training")
    guidance: float = Field(2.0, ge=0, description="classifier-free guidance scale w")
    sampler: Literal["ddim", "ddpm"] = "ddim"
    sample_steps: int = Field(25, ge=1, description="DDIM steps (DDPM always uses all T)")
    eta: float = Field(0.0, ge=0, le=1, description="DDIM stochasticity (0: deterministic)")
    ema: float = Field(0.999, ge=0, lt=1, description="EMA decay of the sampling weights (0: off)")
    eval_batches: int = Field(2, ge=1, description="test batches for the held-out denoising loss")

    @model_validator(mode="after")
    def _steps_fit_the_schedule(self):
        if self.sample_steps > self.timesteps:  # found before training, not at the first sample
            raise ValueError(f"sample_steps ({self.sample_steps}) cannot exceed timesteps ({self.timesteps})")
        return self


class Diffusion(ImageGenerator, ExampleLosses, NoisePrediction):
    Config = DiffusionConfig
    SAMPLING_OPTIONS = ("steps", "sampler")
    legacy_state_keys = {"ema_unet.": "ema.average.", "updates": "ema.updates"}

    def __init__(self, config: DiffusionConfig, data: DataInfo):
        super().__init__(config, data)
        c, h, w = halvable(data.shape, len(config.mults) - 1, "the U-Net")
        self.conditional = config.class_conditional   # instance attribute: a config choice here
        k = data.num_classes if config.class_conditional else 0
        self.unet = UNet(c, config.channels, tuple(config.mults), k, config.dropout)
        self.ema = maybe_ema(self.unet, config.ema)
        self.schedule = make_schedule(config.schedule, config.timesteps)

    def param_groups(self) -> list:
        return [self.unet.parameters()]   # the EMA copy is not trained

    # -- training ----------------------------------------------------------------------------
    def loss(self, batch) -> LossOutput:
        x0 = batch[0] * 2 - 1
        n = x0.shape[0]
        t = torch.randint(0, self.schedule.steps, (n,), device=x0.device)
        noise = torch.randn_like(x0)
        labels = None
        if self.conditional:
            labels = batch[1].clone()
            drop = torch.rand(n, device=x0.device) < self.config.p_uncond
            labels[drop] = self.data_info.num_classes          # the null label
        alpha_bars = self.schedule.alpha_bars.to(x0.device, x0.dtype)
        return LossOutput(ddpm_loss(lambda x_t, t: self.unet(x_t, t, labels), x0, t, noise, alpha_bars))

    def after_step(self) -> None:
        if self.ema is not None:
            self.ema.update(self.unet)

    @torch.no_grad()
    def example_losses(self, batch, generator: torch.Generator | None = None, levels: int = 8) -> torch.Tensor:
        """Each image's denoising error, averaged over ``levels`` noise levels spread evenly over
        the schedule (the same levels and, with the same generator, the same noise every time)."""
        x0 = batch[0] * 2 - 1
        n = x0.shape[0]
        labels = batch[1] if self.conditional else None
        alpha_bars = self.schedule.alpha_bars.to(x0.device, x0.dtype)
        net = self.ema.average if self.ema is not None else self.unet
        total = torch.zeros(n, device=x0.device)
        for t_value in torch.linspace(0, self.schedule.steps - 1, levels).round().long().tolist():
            t = torch.full((n,), t_value, device=x0.device, dtype=torch.long)
            noise = torch.randn(x0.shape, generator=generator, device=x0.device)
            ab = alpha_bars[t].view(-1, 1, 1, 1)
            x_t = ab.sqrt() * x0 + (1 - ab).sqrt() * noise
            total += (net(x_t, t, labels) - noise).pow(2).flatten(1).mean(1)
        return total / levels

    @torch.no_grad()
    def eval_losses(self, batches) -> dict[str, float]:
        total, count = 0.0, 0
        for batch in batches[: self.config.eval_batches]:
            n = batch[0].shape[0]
            total += float(self.loss(batch).loss) * n
            count += n
        return {"loss": total / max(count, 1)}

    # -- sampling ----------------------------------------------------------------------------
    def draw_latents(self, n, generator=None):
        return torch.randn(n, *self.data_info.shape, generator=generator)

    @torch.no_grad()
    def decode_latents(self, z, labels=None, sampler: str | None = None, steps: int | None = None,
                 guidance: float | None = None, generator=None, **options):
        cfg = self.config
        s = make_sampler(sampler or cfg.sampler, self.schedule, steps or cfg.sample_steps, cfg.eta)
        x0 = run_sampler(s, self.noise_predictor(labels, guidance), z, generator)
        return (x0 + 1) / 2

    def export_graph(self):
        from genlab.export.graph import denoiser_graph

        net = self.ema.average if self.ema is not None else self.unet
        return denoiser_graph(self, net, "denoiser eps(x_t, t), t a step in 0..T-1", self.schedule.steps)

    def noise_predictor(self, labels=None, guidance: float | None = None):
        """eps(x_t, t) of the sampling (EMA) weights, guided towards ``labels`` with scale w."""
        net = self.ema.average if self.ema is not None else self.unet
        w = self.config.guidance if guidance is None else guidance
        return guided(net, labels, w, self.data_info.num_classes if self.conditional else 0)


def guided(net, labels, w: float, num_classes: int):
    """``fn(x, t)``: the network's prediction with classifier-free guidance,
    ``uncond + w * (cond - uncond)``, for one label per batch or one per image. A conditional
    network (``num_classes > 0``) asked for no class uses its null label: that is the
    unconditional model it learnt through label dropout. Shared by diffusion and flow matching."""
    if labels is None and num_classes:
        labels, w = torch.full((1,), num_classes, dtype=torch.long), 1.0
    null = null_labels(labels, num_classes) if labels is not None else None

    def per_image(y, x):  # one label for the whole batch, or one per image
        y = y.to(x.device)
        return y.expand(x.shape[0], *y.shape[1:]) if y.shape[0] != x.shape[0] else y

    def fn(x, t):
        if labels is None:
            return net(x, t)
        if w == 1.0:
            return net(x, t, per_image(labels, x))
        # one batched call for the conditional and the unconditional prediction
        both = net(torch.cat([x, x]), torch.cat([t, t]),
                   torch.cat([per_image(labels, x), per_image(null, x)]))
        cond, uncond = both.chunk(2)
        return uncond + w * (cond - uncond)

    return fn

def ddpm_loss(model, x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor,
              alpha_bar: torch.Tensor) -> torch.Tensor:
    """The simple DDPM objective (Ho et al., 2020, eq. 14): noise x0 to step t in one jump,
    x_t = sqrt(alpha_bar_t) x0 + sqrt(1 - alpha_bar_t) noise, and regress the network's noise
    prediction model(x_t, t) onto the noise that was added (mean squared error)."""
    ab = alpha_bar[t].view(-1, *([1] * (x0.dim() - 1)))
    x_t = ab.sqrt() * x0 + (1 - ab).sqrt() * noise
    return F.mse_loss(model(x_t, t), noise)
