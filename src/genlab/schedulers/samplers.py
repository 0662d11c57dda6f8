"""Samplers: from noise x_T ~ N(0, I) back to an image, given eps_theta(x_t, t).

Both samplers first estimate the clean image from the predicted noise,
x0_hat = (x_t - sqrt(1 - alpha_bar_t) eps) / sqrt(alpha_bar_t), clipped to [-1, 1] (images live
there), then step towards it.

DDPM (Ho et al., 2020, Algorithm 2) samples the true reverse posterior q(x_{t-1} | x_t, x0_hat),
a Gaussian with mean  c0 * x0_hat + ct * x_t  and variance beta_tilde_t
= (1 - alpha_bar_{t-1}) / (1 - alpha_bar_t) * beta_t. It needs every one of the T steps.

DDIM (Song, Meng & Ermon, 2021) uses a non-Markovian process with the same marginals, so the
same network can jump along a subsequence tau_1 < ... < tau_S of the steps:
    x_prev = sqrt(ab_prev) x0_hat + sqrt(1 - ab_prev - sigma^2) eps + sigma z,
with sigma = eta * sqrt((1 - ab_prev) / (1 - ab_t) * (1 - ab_t / ab_prev)). eta = 0 is
deterministic (the same noise always gives the same image, so noise walks are smooth); eta = 1
recovers DDPM-like stochasticity.
"""

from __future__ import annotations

from typing import Callable

import torch

from genlab.schedulers.schedules import NoiseSchedule


class DDPMSampler:
    def __init__(self, schedule: NoiseSchedule):
        self.schedule = schedule

    def timesteps(self) -> list[int]:
        return list(range(self.schedule.steps - 1, -1, -1))

    def step(self, eps: torch.Tensor, t: int, x: torch.Tensor, generator=None) -> torch.Tensor:
        s = self.schedule
        ab = float(s.alpha_bars[t])
        ab_prev = float(s.alpha_bars[t - 1]) if t > 0 else 1.0
        beta = float(s.betas[t])
        x0 = ((x - (1 - ab) ** 0.5 * eps) / ab ** 0.5).clamp(-1, 1)
        # the mean of q(x_{t-1} | x_t, x0) (Ho et al., 2020, eq. 7)
        c0 = ab_prev ** 0.5 * beta / (1 - ab)
        ct = float(s.alphas[t]) ** 0.5 * (1 - ab_prev) / (1 - ab)
        mean = c0 * x0 + ct * x
        if t == 0:
            return mean
        var = (1 - ab_prev) / (1 - ab) * beta
        noise = torch.randn(x.shape, generator=generator).to(x.device, x.dtype)
        return mean + var ** 0.5 * noise


class DDIMSampler:
    def __init__(self, schedule: NoiseSchedule, steps: int = 50, eta: float = 0.0,
                 start: int | None = None):
        start = schedule.steps - 1 if start is None else start
        if not 0 <= start < schedule.steps:
            raise ValueError(f"DDIM start must be in 0..{schedule.steps - 1}, got {start}")
        if not 1 <= steps <= start + 1:
            raise ValueError(f"DDIM steps must be in 1..{start + 1}, got {steps}")
        self.schedule, self.steps, self.eta = schedule, steps, eta
        # evenly spaced steps from ``start`` (T-1: pure noise; less: SDEdit's partial noise) to 0
        self._times = torch.linspace(start, 0, steps).round().long().tolist()

    def timesteps(self) -> list[int]:
        return self._times

    def step(self, eps: torch.Tensor, t: int, x: torch.Tensor, generator=None) -> torch.Tensor:
        s = self.schedule
        i = self._times.index(t)
        t_prev = self._times[i + 1] if i + 1 < len(self._times) else -1
        ab = float(s.alpha_bars[t])
        ab_prev = float(s.alpha_bars[t_prev]) if t_prev >= 0 else 1.0
        x0 = ((x - (1 - ab) ** 0.5 * eps) / ab ** 0.5).clamp(-1, 1)
        # re-derive eps from the clipped x0 so that the step stays consistent with it
        eps = (x - ab ** 0.5 * x0) / (1 - ab) ** 0.5
        sigma = self.eta * ((1 - ab_prev) / (1 - ab) * (1 - ab / ab_prev)) ** 0.5
        out = ab_prev ** 0.5 * x0 + max(1 - ab_prev - sigma ** 2, 0.0) ** 0.5 * eps
        if sigma > 0 and t_prev >= 0:
            out = out + sigma * torch.randn(x.shape, generator=generator).to(x.device, x.dtype)
        return out


def make_sampler(kind: str, schedule: NoiseSchedule, steps: int | None = None, eta: float = 0.0):
    if kind == "ddpm":
        return DDPMSampler(schedule)
    if kind == "ddim":
        return DDIMSampler(schedule, steps or 50, eta)
    from genlab.errors import unknown

    raise unknown("sampler", kind, ("ddpm", "ddim"))


@torch.no_grad()
def run_sampler(sampler, eps_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
                x_T: torch.Tensor, generator=None) -> torch.Tensor:
    """Walk from x_T down to x_0 with ``eps_fn(x_t, t_batch)`` predicting the noise."""
    x = x_T
    for t in sampler.timesteps():
        tt = torch.full((x.shape[0],), t, device=x.device, dtype=torch.long)
        x = sampler.step(eps_fn(x, tt), t, x, generator)
    return x
