"""Image generation: one step of DDIM (Song, Meng & Ermon 2021).

A diffusion model predicts the noise eps in x_t = sqrt(ab_t) x0 + sqrt(1 - ab_t) eps (ab_t: the
product of the schedule's alphas up to t). That gives an estimate of the clean image, and DDIM
(with eta = 0) moves to an earlier level t' by putting the *same* noise back at the smaller
amount: x_t' = sqrt(ab_t') x0_hat + sqrt(1 - ab_t') eps. No fresh noise is drawn, so steps can
be skipped: 25 steps instead of 1,000. genlab's sampler is `genlab.schedulers.samplers.DDIMSampler`.

Check your work with:  genlab check ddim-step
"""

import torch


def predict_x0(x_t, eps, alpha_bar_t):
    """The clean image implied by noise ``eps`` at level ``alpha_bar_t`` (a float), clamped to [-1, 1]."""
    # your code here
    raise NotImplementedError("write this part")


def ddim_step(x_t, eps, alpha_bar_t, alpha_bar_prev):
    """x at the earlier level ``alpha_bar_prev`` (1.0 for the final step), eta = 0."""
    # your code here
    raise NotImplementedError("write this part")
