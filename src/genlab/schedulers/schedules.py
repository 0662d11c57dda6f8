"""Noise schedules: beta_t, alpha_t = 1 - beta_t and alpha_bar_t = prod_{s<=t} alpha_s.

The forward (noising) process of DDPM adds Gaussian noise in T small steps,
q(x_t | x_{t-1}) = N(sqrt(alpha_t) x_{t-1}, beta_t I), which composes in closed form to

    x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps,   eps ~ N(0, I),

so training can jump straight to any t. Steps are numbered 0..T-1 here (t = 0 is the first,
least noisy step).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch


def linear_betas(steps: int, start: float = 1e-4, end: float = 0.02) -> torch.Tensor:
    """Ho et al. (2020): beta rises linearly from 1e-4 to 0.02 over T = 1000 steps. (For other T
    the end points are rescaled by 1000 / T so that the total noise stays comparable.)"""
    scale = 1000 / steps
    return torch.linspace(start * scale, end * scale, steps, dtype=torch.float64).clamp(max=0.999)


def cosine_betas(steps: int, s: float = 0.008, max_beta: float = 0.999) -> torch.Tensor:
    """Nichol & Dhariwal (2021): alpha_bar(t) = cos^2(((t/T + s) / (1 + s)) * pi / 2). It destroys
    information more slowly than the linear schedule, which wastes many of its last steps on
    almost pure noise, a waste that matters most for small images."""
    t = torch.arange(steps + 1, dtype=torch.float64) / steps
    f = torch.cos((t + s) / (1 + s) * math.pi / 2) ** 2
    alpha_bar = f / f[0]
    return (1 - alpha_bar[1:] / alpha_bar[:-1]).clamp(max=max_beta)


@dataclass
class NoiseSchedule:
    betas: torch.Tensor   # float64, (T,)

    def __post_init__(self):
        self.alphas = 1 - self.betas
        self.alpha_bars = torch.cumprod(self.alphas, 0)

    @property
    def steps(self) -> int:
        return len(self.betas)

    def at(self, values: torch.Tensor, t: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
        """values[t] shaped to broadcast against ``like`` (one value per batch element)."""
        v = values.to(like.device)[t].to(like.dtype)
        return v.view(-1, *([1] * (like.dim() - 1)))

    def add_noise(self, x0: torch.Tensor, noise: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        """Sample q(x_t | x_0) = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) noise."""
        ab = self.at(self.alpha_bars, t, x0)
        return ab.sqrt() * x0 + (1 - ab).sqrt() * noise

    def snr(self) -> torch.Tensor:
        """Signal-to-noise ratio alpha_bar / (1 - alpha_bar) per step."""
        return self.alpha_bars / (1 - self.alpha_bars)


def make_schedule(kind: str, steps: int) -> NoiseSchedule:
    betas = {"linear": linear_betas, "cosine": cosine_betas}[kind](steps)
    return NoiseSchedule(betas)
