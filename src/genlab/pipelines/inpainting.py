"""Inpainting with an unconditionally trained diffusion model: RePaint (Lugmayr et al., 2022).

The model was never trained to inpaint. RePaint uses it as it is: at every reverse step, the
*known* pixels of x_{t-1} are the real image noised to level t-1 (the forward process gives them
exactly, x_{t-1} = sqrt(ab) x_0 + sqrt(1 - ab) eps), and only the *unknown* pixels come from the
model's reverse step. Pasting the two together leaves a seam: the model saw the known part only
through x_t, one step late. So RePaint *resamples*: it noises the merged x_{t-1} back to x_t
(q(x_t | x_{t-1})) and denoises again, ``resample`` times, letting the filled region adjust to
its surroundings before moving on. Lugmayr et al. use 250 DDPM steps, jumps of 10 and 10
resamplings; here the reverse steps run on a strided schedule (DDIM with eta = 1, which keeps
the stochasticity that resampling needs) and each resampling goes back one stride.
"""

from __future__ import annotations

import torch

from genlab.schedulers.samplers import DDIMSampler


@torch.no_grad()
def inpaint(model, image: torch.Tensor, fill: torch.Tensor, n: int = 8, steps: int = 50,
            resample: int = 5, labels=None, guidance: float | None = None,
            generator: torch.Generator | None = None, eta: float = 1.0) -> torch.Tensor:
    """``n`` completions (N, C, H, W) in [0, 1] of ``image`` (C, H, W) in [0, 1] where ``fill``
    (1, H, W) is True; the other pixels are kept exactly."""
    schedule, device = model.schedule, model.device
    eps_fn = model.noise_predictor(labels, guidance)
    sampler = DDIMSampler(schedule, steps, eta)
    times = sampler.timesteps()
    alpha_bars = schedule.alpha_bars.double()
    known = (image * 2 - 1).to(device).expand(n, *image.shape)
    keep = (~fill).to(device)
    x = _noise(known.shape, generator, device)
    for i, t in enumerate(times):
        t_prev = times[i + 1] if i + 1 < len(times) else -1
        ab_t = float(alpha_bars[t])
        ab_prev = float(alpha_bars[t_prev]) if t_prev >= 0 else 1.0
        for r in range(resample if t_prev >= 0 else 1):
            tt = torch.full((n,), t, device=device, dtype=torch.long)
            unknown = sampler.step(eps_fn(x, tt), t, x, generator)
            noised = ab_prev ** 0.5 * known + (1 - ab_prev) ** 0.5 * _noise(known.shape, generator, device)
            merged = torch.where(keep, noised if t_prev >= 0 else known, unknown)
            if r < resample - 1 and t_prev >= 0:  # back up one stride: q(x_t | x_{t_prev})
                ratio = ab_t / ab_prev
                x = ratio ** 0.5 * merged + (1 - ratio) ** 0.5 * _noise(known.shape, generator, device)
        x = merged
    return ((x + 1) / 2).clamp(0, 1).float().cpu()


def _noise(shape, generator, device) -> torch.Tensor:
    return torch.randn(shape, generator=generator).to(device)
