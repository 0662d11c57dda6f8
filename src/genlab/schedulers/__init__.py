"""Noise schedules and samplers for diffusion models, kept apart from the network (as in
diffusers): a schedule says how much noise is in x_t at each step t; a sampler says how to walk
from pure noise back to an image given a network that predicts the noise.

- :class:`NoiseSchedule` with :func:`linear_betas` (Ho et al., 2020) and :func:`cosine_betas`
  (Nichol & Dhariwal, 2021);
- :class:`DDPMSampler`: ancestral sampling, one network call per training step (T of them);
- :class:`DDIMSampler`: the deterministic (eta = 0) or partly stochastic sampler of Song et al.
  (2021) on a subsequence of the steps, e.g. 50 instead of 1000.
"""

from genlab.schedulers.samplers import DDIMSampler, DDPMSampler, make_sampler, run_sampler
from genlab.schedulers.schedules import NoiseSchedule, cosine_betas, linear_betas, make_schedule

__all__ = ["NoiseSchedule", "linear_betas", "cosine_betas", "make_schedule", "DDPMSampler",
           "DDIMSampler", "make_sampler", "run_sampler"]
