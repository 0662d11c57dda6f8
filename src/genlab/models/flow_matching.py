"""Flow matching (Lipman et al., 2023) on straight paths: rectified flow (Liu et al., 2023),
class-conditional with classifier-free guidance, on the same U-Net as ``diffusion``.

The idea: pick a noise image eps ~ N(0, I) and a data image x, and join them by a straight line,

    x_t = (1 - t) eps + t x,     t in [0, 1],

whose velocity is the constant dx_t/dt = x - eps. A network v(x_t, t) trained to regress that
velocity at random points of random lines,

    loss = E_{x, eps, t} || v(x_t, t) - (x - eps) ||^2,

learns, at each point, the *average* direction of all the lines passing through it. Lipman et al.
show that integrating this averaged field, dx/dt = v(x, t) from noise at t = 0, carries the noise
distribution exactly onto the data distribution at t = 1. Sampling is solving an ODE
(:mod:`genlab.schedulers.flow`): no noise schedule, no variance, and a step count chosen freely at
sampling time; since the paths are nearly straight, few steps go a long way (compare ``diffusion``
with DDIM at 1, 4, 10 and 25 steps in ``benchmarks/model_families.py``).

The same network and guidance rule as ``diffusion``: label dropout in training (``p_uncond``),
v = v_uncond + w (v_cond - v_uncond) when sampling; EMA weights for sampling.
"""

from __future__ import annotations

from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field

from genlab.errors import unknown
from genlab.models.base import DataInfo, LossOutput, halvable
from genlab.models.diffusion import guided
from genlab.models.ema import maybe_ema
from genlab.models.imagegen import ImageGenerator, ImageGeneratorConfig
from genlab.models.unet import UNet
from genlab.schedulers.flow import SOLVERS, integrate

#: the U-Net's time embedding was built for integer steps 0..999: t in [0, 1] is scaled to it
TIME_SCALE = 1000.0


class FlowMatchingConfig(ImageGeneratorConfig):
    name: Literal["flow-matching"] = "flow-matching"
    channels: int = Field(32, ge=8, description="U-Net width at full resolution")
    mults: tuple[int, ...] = (1, 2, 2)
    dropout: float = Field(0.0, ge=0, lt=1)
    class_conditional: bool = True
    p_uncond: float = Field(0.1, ge=0, le=1, description="probability of dropping the label in training")
    guidance: float = Field(2.0, ge=0, description="classifier-free guidance scale w")
    time_sampling: Literal["uniform", "logit-normal"] = Field(
        "uniform", description="how training picks t: uniform, or logit-normal (more weight on "
        "the middle of the path, Esser et al., 2024)")
    sampler: Literal["euler", "midpoint"] = Field("euler", description="ODE solver when sampling")
    sample_steps: int = Field(25, ge=1, description="ODE steps when sampling")
    ema: float = Field(0.999, ge=0, lt=1, description="EMA decay of the sampling weights (0: off)")
    eval_batches: int = Field(2, ge=1, description="test batches for the held-out velocity loss")


class FlowMatching(ImageGenerator):
    Config = FlowMatchingConfig
    SAMPLING_OPTIONS = ("steps", "sampler")

    def __init__(self, config: FlowMatchingConfig, data: DataInfo):
        super().__init__(config, data)
        c, _, _ = halvable(data.shape, len(config.mults) - 1, "the U-Net")
        self.conditional = config.class_conditional
        k = data.num_classes if config.class_conditional else 0
        self.unet = UNet(c, config.channels, tuple(config.mults), k, config.dropout)
        self.ema = maybe_ema(self.unet, config.ema)

    def param_groups(self) -> list:
        return [self.unet.parameters()]   # the EMA copy is not trained

    # -- training ----------------------------------------------------------------------------
    def loss(self, batch) -> LossOutput:
        x = batch[0] * 2 - 1
        labels = None
        if self.conditional:
            labels = batch[1].clone()
            drop = torch.rand(x.shape[0], device=x.device) < self.config.p_uncond
            labels[drop] = self.data_info.num_classes          # the null label
        t = self.sample_times(x.shape[0], x.device)
        noise = torch.randn_like(x)
        return LossOutput(flow_matching_loss(lambda x_t, t: self.velocity_net(x_t, t, labels), x, noise, t))

    def sample_times(self, n: int, device) -> torch.Tensor:
        if self.config.time_sampling == "logit-normal":
            return torch.sigmoid(torch.randn(n, device=device))
        return torch.rand(n, device=device)

    def velocity_net(self, x_t, t, labels=None, net=None):
        return (net or self.unet)(x_t, t * TIME_SCALE, labels)

    def after_step(self) -> None:
        if self.ema is not None:
            self.ema.update(self.unet)

    @torch.no_grad()
    def eval_losses(self, batches) -> dict[str, float]:
        total, count = 0.0, 0
        gen = torch.Generator().manual_seed(0)   # the same t and noise at every evaluation
        for batch in batches[: self.config.eval_batches]:
            x = batch[0] * 2 - 1
            t = torch.rand(x.shape[0], generator=gen).to(x.device)
            noise = torch.randn(x.shape, generator=gen).to(x.device)
            labels = batch[1] if self.conditional else None
            loss = flow_matching_loss(lambda x_t, t: self.velocity_net(x_t, t, labels), x, noise, t)
            total += float(loss) * x.shape[0]
            count += x.shape[0]
        return {"loss": total / max(count, 1)}

    # -- sampling ----------------------------------------------------------------------------
    def draw_latents(self, n, generator=None):
        return torch.randn(n, *self.data_info.shape, generator=generator)

    @torch.no_grad()
    def decode_latents(self, z, labels=None, sampler: str | None = None, steps: int | None = None,
                       guidance: float | None = None, **options):
        """Integrate dx/dt = v from noise z at t = 0 to an image at t = 1 (``sampler``: the ODE
        solver, euler or midpoint; ``steps``: how many equal steps)."""
        cfg = self.config
        sampler = sampler or cfg.sampler
        if sampler not in SOLVERS:
            raise unknown("sampler", sampler, SOLVERS)
        x1 = integrate(self.velocity(labels, guidance), z, steps or cfg.sample_steps, sampler)
        return (x1 + 1) / 2

    def export_graph(self):
        from genlab.export.graph import Call, denoiser_graph

        net = self.ema.average if self.ema is not None else self.unet
        scaled = Call(net, lambda x, t, y=None: net(x, t * TIME_SCALE, y))
        return denoiser_graph(self, scaled, "velocity v(x_t, t), t in [0, 1] (0 = noise)")

    def velocity(self, labels=None, guidance: float | None = None):
        """v(x, t) of the sampling (EMA) weights, guided towards ``labels`` with scale w."""
        net = self.ema.average if self.ema is not None else self.unet
        w = self.config.guidance if guidance is None else guidance
        fn = guided(net, labels, w, self.data_info.num_classes if self.conditional else 0)
        return lambda x, t: fn(x, t * TIME_SCALE)


def flow_matching_loss(v, x: torch.Tensor, noise: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """The conditional flow-matching objective on straight paths: put x_t on the line from
    ``noise`` (t = 0) to ``x`` (t = 1) and regress ``v(x_t, t)`` onto that line's velocity."""
    tt = t.view(-1, *([1] * (x.dim() - 1)))
    x_t = (1 - tt) * noise + tt * x
    return F.mse_loss(v(x_t, t), x - noise)
