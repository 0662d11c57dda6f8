"""Image-to-image with a diffusion model: SDEdit (Meng et al., 2022).

A rough sketch, or any image, is noised to an intermediate level t_0 and then denoised by the
model from there. Noise hides the details of the input but not its large-scale layout and
colours, and the reverse process only knows how to produce images like its training data: the
result keeps the input's composition and gains realistic detail. ``strength`` = t_0 / T trades
the two: near 0 the output stays close to the input (faithful, unrealistic if the input was a
scribble); near 1 it forgets the input (realistic, unfaithful). Meng et al. find t_0 in
[0.3, 0.6] T a good balance for strokes.
"""

from __future__ import annotations

import torch

from genlab.errors import ConfigError
from genlab.schedulers.samplers import DDIMSampler


@torch.no_grad()
def edit(model, image: torch.Tensor, strength: float = 0.6, n: int = 8, steps: int = 25,
         labels=None, guidance: float | None = None, generator: torch.Generator | None = None) -> torch.Tensor:
    """``n`` edits (N, C, H, W) in [0, 1] of ``image`` (C, H, W) in [0, 1]."""
    if not 0 < strength <= 1:
        raise ConfigError(f"strength must be in (0, 1], got {strength}")
    schedule, device = model.schedule, model.device
    start = max(0, round(strength * (schedule.steps - 1)))
    sampler = DDIMSampler(schedule, max(1, min(start + 1, round(steps * strength))), eta=0.0, start=start)
    ab = float(schedule.alpha_bars[start])
    x0 = (image * 2 - 1).to(device).expand(n, *image.shape)
    x = ab ** 0.5 * x0 + (1 - ab) ** 0.5 * torch.randn(x0.shape, generator=generator).to(device)
    eps_fn = model.noise_predictor(labels, guidance)
    for t in sampler.timesteps():
        tt = torch.full((n,), t, device=device, dtype=torch.long)
        x = sampler.step(eps_fn(x, tt), t, x, generator)
    return ((x + 1) / 2).clamp(0, 1).float().cpu()
