"""Checks for ddim-step, against closed forms and genlab's DDIMSampler."""

import torch

from genlab.exercises.checks import check


@check("x0 from the true noise is the clean image")
def x0(t):
    g = torch.Generator().manual_seed(0)
    clean, noise = torch.rand(2, 1, 4, 4, generator=g) * 2 - 1, torch.randn(2, 1, 4, 4, generator=g)
    ab = 0.3
    x_t = ab ** 0.5 * clean + (1 - ab) ** 0.5 * noise
    t.given("x_t made from a clean image in [-1, 1] and known noise at alpha_bar = 0.3; eps = that noise")
    t.expect_close(t.call("predict_x0", x_t, noise, ab), clean, atol=1e-5)


@check("x0 is clamped to [-1, 1]")
def clamp(t):
    t.expect_close(t.call("predict_x0", torch.tensor([5.0, -5.0]), torch.zeros(2), 0.5), torch.tensor([1.0, -1.0]),
                   atol=1e-6, why="images live in [-1, 1]; an estimate outside is clamped")


@check("with the true noise a step lands exactly on the earlier level")
def exact(t):
    g = torch.Generator().manual_seed(1)
    clean, noise = torch.rand(3, 4, generator=g) * 1.6 - 0.8, torch.randn(3, 4, generator=g)
    ab_t, ab_prev = 0.2, 0.7
    x_t = ab_t ** 0.5 * clean + (1 - ab_t) ** 0.5 * noise
    t.given("x_t from a known clean image and noise at alpha_bar 0.2, stepping to 0.7 with the true noise")
    t.expect_close(t.call("ddim_step", x_t, noise, ab_t, ab_prev), ab_prev ** 0.5 * clean + (1 - ab_prev) ** 0.5 * noise,
                   atol=1e-5, why="DDIM puts the same noise back at the smaller level")


@check("the last step (alpha_bar_prev = 1) returns the clean estimate")
def last(t):
    x, eps = torch.tensor([0.3, -0.2]), torch.tensor([0.1, 0.5])
    t.expect_close(t.call("ddim_step", x, eps, 0.9, 1.0), t.call("predict_x0", x, eps, 0.9), atol=1e-6)


@check("a whole 10-step walk matches genlab's DDIMSampler")
def walk(t):
    from genlab.schedulers import make_schedule
    from genlab.schedulers.samplers import DDIMSampler

    schedule = make_schedule("cosine", 200)
    sampler = DDIMSampler(schedule, steps=10)
    times = sampler.timesteps()
    eps_fn = lambda x, step: torch.tanh(x) * 0.5 + 0.01 * step  # noqa: E731  (a fixed "network")
    x = ref = torch.randn(2, 1, 3, 3, generator=torch.Generator().manual_seed(2))
    t.given("a cosine schedule of 200 steps, DDIM over 10 of them, eps(x, t) = tanh(x) / 2 + t / 100")
    for i, step in enumerate(times):
        ab = float(schedule.alpha_bars[step])
        ab_prev = float(schedule.alpha_bars[times[i + 1]]) if i + 1 < len(times) else 1.0
        x = t.call("ddim_step", x, eps_fn(x, step), ab, ab_prev)
        ref = sampler.step(eps_fn(ref, step), step, ref)
    t.expect_close(x, ref, atol=1e-4, what="the image after 10 steps")
