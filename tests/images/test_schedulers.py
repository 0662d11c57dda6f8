"""Noise schedules and samplers against their definitions."""

import math

import pytest
import torch

from genlab.schedulers import DDIMSampler, DDPMSampler, NoiseSchedule, cosine_betas, linear_betas, run_sampler


def test_linear_schedule_endpoints_and_monotone_signal():
    s = NoiseSchedule(linear_betas(1000))
    assert float(s.betas[0]) == pytest.approx(1e-4) and float(s.betas[-1]) == pytest.approx(0.02)
    assert torch.all(s.alpha_bars[1:] < s.alpha_bars[:-1])
    assert float(s.alpha_bars[-1]) < 1e-4   # x_T is almost pure noise


def test_cosine_schedule_follows_its_formula():
    T, s_ = 1000, 0.008
    sched = NoiseSchedule(cosine_betas(T))
    f = lambda t: math.cos((t / T + s_) / (1 + s_) * math.pi / 2) ** 2
    for t in (0, 100, 500, 900):
        assert float(sched.alpha_bars[t]) == pytest.approx(f(t + 1) / f(0), rel=1e-6)
    # destroys information more slowly than the linear schedule in the middle
    assert sched.alpha_bars[500] > NoiseSchedule(linear_betas(T)).alpha_bars[500]


def test_add_noise_has_the_closed_form_moments():
    s = NoiseSchedule(linear_betas(1000))
    x0 = torch.full((100_000, 1), 0.5)
    t = torch.full((100_000,), 300)
    xt = s.add_noise(x0, torch.randn_like(x0), t)
    ab = float(s.alpha_bars[300])
    assert xt.mean().item() == pytest.approx(0.5 * math.sqrt(ab), abs=0.01)
    assert xt.var().item() == pytest.approx(1 - ab, rel=0.02)


def test_ddim_with_the_true_noise_recovers_the_image_exactly():
    """If the network knew the noise, deterministic DDIM must land on x0 in any number of steps."""
    s = NoiseSchedule(cosine_betas(1000))
    x0 = torch.rand(4, 1, 5, 5, dtype=torch.float64) * 1.6 - 0.8   # float64: x_T keeps
    noise = torch.randn_like(x0)                                     # only ~1e-5 of x0
    x_T = s.add_noise(x0, noise, torch.full((4,), 999))

    def oracle(x, t):   # the noise that explains x_t given the known x0
        ab = s.at(s.alpha_bars, t, x)
        return (x - ab.sqrt() * x0) / (1 - ab).sqrt()

    for steps in (1, 10, 50):
        out = run_sampler(DDIMSampler(s, steps), oracle, x_T)
        assert torch.allclose(out, x0, atol=1e-6)


def test_ddpm_step_matches_the_posterior_mean_by_hand():
    s = NoiseSchedule(linear_betas(100))
    x = torch.tensor([[0.3]])
    eps = torch.tensor([[0.1]])
    t = 5
    ab, ab_prev, beta, alpha = (float(s.alpha_bars[t]), float(s.alpha_bars[t - 1]),
                                float(s.betas[t]), float(s.alphas[t]))
    x0 = (0.3 - math.sqrt(1 - ab) * 0.1) / math.sqrt(ab)
    mean = math.sqrt(ab_prev) * beta / (1 - ab) * x0 + math.sqrt(alpha) * (1 - ab_prev) / (1 - ab) * 0.3
    var = (1 - ab_prev) / (1 - ab) * beta
    gen = torch.Generator().manual_seed(0)
    z = torch.randn(1, 1, generator=torch.Generator().manual_seed(0))
    out = DDPMSampler(s).step(eps, t, x, gen)
    assert out.item() == pytest.approx(mean + math.sqrt(var) * z.item(), rel=1e-5)
    assert DDPMSampler(s).step(eps, 0, x).item() == pytest.approx(
        math.sqrt(1.0) * float(s.betas[0]) / (1 - float(s.alpha_bars[0]))
        * max(-1.0, min(1.0, (0.3 - math.sqrt(1 - float(s.alpha_bars[0])) * 0.1) / math.sqrt(float(s.alpha_bars[0])))),
        rel=1e-5)


def test_ddim_uses_the_requested_number_of_network_calls():
    s = NoiseSchedule(linear_betas(100))
    calls = []
    run_sampler(DDIMSampler(s, 7), lambda x, t: calls.append(int(t[0])) or torch.zeros_like(x), torch.randn(2, 1, 2, 2))
    assert len(calls) == 7 and calls[0] == 99 and calls[-1] == 0
    with pytest.raises(ValueError):
        DDIMSampler(s, 0)
