"""The newer families' science: RealNVP inverts exactly and its log-determinant is the
Jacobian's, PixelCNN never sees the pixel it predicts, the VQ-VAE switches from tokenizer to
prior and counts its codes, the flow ODE solvers have their orders; sampling options are refused
in one line where a model has no such knob."""

from __future__ import annotations

import math

import pytest
import torch

from genlab.errors import ConfigError, UnknownNameError
from genlab.models import model_class
from genlab.models.base import DataInfo

INFO = DataInfo((1, 8, 8), 10, tuple(str(i) for i in range(10)))


def build(name: str, **settings):
    torch.manual_seed(0)
    return model_class(name).from_config({"name": name, **settings}, INFO).eval()


def test_realnvp_inverts_exactly_and_its_logdet_is_the_jacobians():
    model = build("realnvp", levels=1, steps=2, hidden=8)
    with torch.no_grad():   # non-trivial couplings and actnorm (they start as the identity)
        for p in model.parameters():
            p.add_(0.05 * torch.randn_like(p))
    x = torch.rand(3, 1, 8, 8) * 0.9 + 0.05
    z, logdet = model(x)
    assert torch.allclose(model.inverse(z), x, atol=1e-4)
    one = x[:1].requires_grad_(True)
    jac = torch.autograd.functional.jacobian(lambda v: model(v)[0], one).reshape(64, 64)
    assert float(torch.slogdet(jac)[1]) == pytest.approx(float(model(one)[1][0].detach()), abs=1e-2)


def test_realnvp_bits_per_dim_of_uniform_noise_are_near_eight_at_initialisation():
    model = build("realnvp", levels=1, steps=1, hidden=8)
    bpd = model.example_losses((torch.rand(16, 1, 8, 8),), torch.Generator().manual_seed(0))
    assert 6 < float(bpd.mean().detach()) < 12   # 8 bits would be a uniform code; an untrained flow is near it


def test_pixelcnn_logits_never_depend_on_the_pixel_or_later_ones():
    model = build("pixelcnn", channels=8, layers=3, kernel=3, first_kernel=3)
    x = (torch.rand(1, 1, 8, 8) > 0.5).float()
    for i, j in [(0, 0), (3, 4), (7, 7), (4, 0)]:
        changed = x.clone()
        changed[0, 0, i:, :] = 1 - changed[0, 0, i:, :]       # this row and everything after...
        changed[0, 0, i, :j] = x[0, 0, i, :j]                  # ...but not the pixels before (i, j)
        assert torch.equal(model(x)[0, 0, i, j], model(changed)[0, 0, i, j]), (i, j)


def test_pixelcnn_has_no_blind_spot_every_earlier_pixel_matters():
    model = build("pixelcnn", channels=8, layers=4, kernel=3, first_kernel=3)
    x = torch.zeros(1, 1, 8, 8, requires_grad=True)
    model(x)[0, 0, 4, 4].backward()
    seen = x.grad[0, 0].abs() > 0
    assert seen[3, 5] and seen[3, 3] and seen[4, 3] and seen[2, 6]     # above-right is the usual blind spot
    assert not seen[4, 4] and not seen[4, 5] and not seen[5].any()


def test_pixelcnn_nll_in_bits_per_dim_is_nats_over_pixels_and_ln2():
    model = build("pixelcnn", channels=4, layers=1, kernel=3, first_kernel=3)
    batch = (torch.rand(4, 1, 8, 8), torch.zeros(4, dtype=torch.long))
    out = model.eval_losses([batch])
    assert out["bpd"] == pytest.approx(out["nll"] / (64 * math.log(2)))


def test_pixelcnn_evaluates_batches_given_as_a_generator():
    model = build("pixelcnn", channels=4, layers=1, kernel=3, first_kernel=3)
    batches = [(torch.rand(4, 1, 8, 8), torch.zeros(4, dtype=torch.long)) for _ in range(2)]
    once = model.evaluate(iter(batches), samples=0)   # the trainer hands over a generator
    assert once["nll"] > 0 and once["nll"] == pytest.approx(model.eval_losses(batches)["nll"])


def test_vqvae_trains_the_tokenizer_then_the_prior_and_counts_its_codes():
    from genlab.models.vqvae import code_usage

    used, perplexity = code_usage(torch.tensor([0, 0, 1, 1]), 4)
    assert float(used) == 0.5 and float(perplexity) == pytest.approx(2.0)
    assert float(code_usage(torch.tensor([3, 3, 3]), 4)[1]) == pytest.approx(1.0)
    model = build("vqvae", channels=4, codebook_size=8, code_dim=4, vq_steps=2, prior_layers=1,
                  prior_heads=2, prior_embd=16).train()
    batch = (torch.rand(4, 1, 8, 8), torch.arange(4))
    assert model.stage == "tokenizer" and "codes_used" in model.loss(batch).logs
    model.after_step()
    model.after_step()
    assert model.stage == "prior" and "prior_loss" in model.loss(batch).logs
    seq = model.token_sequence(batch)
    assert seq.shape == (4, 1 + model.tokens) and torch.equal(seq[:, 0], torch.arange(4) + 8)


def test_dead_codes_are_restarted_at_recent_encoder_outputs():
    from genlab.models.vqvae import Codebook

    book = Codebook(4, 2)
    z_e = torch.randn(1, 2, 2, 2)
    book.remember(z_e, torch.zeros(1, 2, 2, dtype=torch.long))   # only code 0 used
    for _ in range(3):
        book.restart_dead(after=2)
    recent = z_e.permute(0, 2, 3, 1).reshape(-1, 2)
    for k in (1, 2, 3):   # each restarted code now sits on one of the encoder outputs
        assert (book.vectors[k] - recent).abs().sum(1).min() < 1e-6


def test_euler_is_first_order_and_the_midpoint_rule_second_order():
    from genlab.schedulers.flow import integrate

    v = lambda x, t: x * torch.cos(t).view(-1, 1)  # noqa: E731  exact: x(1) = x(0) exp(sin 1)
    x0, exact = torch.ones(1, 1), math.exp(math.sin(1.0))
    err = {(s, n): abs(float(integrate(v, x0, n, s)) - exact) for s in ("euler", "midpoint") for n in (10, 20)}
    assert 1.7 < err["euler", 10] / err["euler", 20] < 2.3          # halving h halves Euler's error
    assert 3.4 < err["midpoint", 10] / err["midpoint", 20] < 4.6    # and quarters the midpoint rule's


def test_flow_matching_samples_with_steps_and_either_solver():
    model = build("flow-matching", channels=8, mults=[1, 2], sample_steps=2)
    with torch.no_grad():   # the U-Net's output layer starts at zero: make the velocity non-zero
        for p in model.parameters():
            p.add_(0.05 * torch.randn_like(p))
    gen = lambda: torch.Generator().manual_seed(0)  # noqa: E731
    euler = model.sample(2, generator=gen(), steps=3)
    assert euler.shape == (2, 1, 8, 8)
    assert not torch.equal(euler, model.sample(2, generator=gen(), steps=3, sampler="midpoint"))
    with pytest.raises(UnknownNameError, match="unknown sampler 'rk4'; choose one of: euler, midpoint"):
        model.sample(2, sampler="rk4")


@pytest.mark.parametrize("name, settings, option, words", [
    ("dcgan", {"latent_dim": 8, "channels": 8}, {"steps": 4}, "steps does not apply to 'dcgan' models; it applies to: "
                                                               "diffusion, flow-matching"),
    ("flow-matching", {"channels": 8, "mults": [1, 2]}, {"temperature": 0.5}, "it applies to: realnvp, vqvae"),
    ("flow-matching", {"channels": 8, "mults": [1, 2]}, {"steps": 0}, "between 1 and 1000"),
    ("realnvp", {"levels": 1, "steps": 1, "hidden": 8}, {"temperature": 3.0}, "at most 2"),
])
def test_sampling_options_a_model_lacks_or_out_of_range_are_one_line(name, settings, option, words):
    with pytest.raises(ConfigError, match=words):
        build(name, **settings).sample(2, **option)


def test_realnvp_temperature_scales_the_latents():
    model = build("realnvp", levels=1, steps=1, hidden=8)
    cold = model.sample(8, generator=torch.Generator().manual_seed(0), temperature=0.1)
    warm = model.sample(8, generator=torch.Generator().manual_seed(0), temperature=1.5)
    assert cold.std(0).mean() < warm.std(0).mean()
