"""The advanced-mathematics labs: VI against the exact posterior, and the VAE's beta."""

from __future__ import annotations

import torch

from genlab.maths import variational_inference as vi


def test_mean_field_vi_finds_the_known_optimum_and_is_overconfident():
    X, y, _ = vi.make_data(n=200, d=3, correlation=0.9, noise=0.5)
    exact = vi.exact_posterior(X, y, noise=0.5)
    fitted = vi.mean_field_vi(X, y, noise=0.5, steps=2000)
    optimum = vi.optimal_mean_field(exact)
    assert torch.allclose(fitted.mean, exact.mean, atol=0.03)
    assert torch.allclose(torch.diagonal(fitted.cov), torch.diagonal(optimum.cov), rtol=0.25)
    # the mean-field variances are below the true marginals when the inputs are correlated
    assert (torch.diagonal(optimum.cov) < 0.5 * torch.diagonal(exact.cov)).all()
    assert vi.weight_interval_coverage(optimum, exact) < 0.7 < vi.weight_interval_coverage(exact, exact)


def test_the_exact_posterior_is_calibrated_on_held_out_targets():
    X, y, _ = vi.make_data(n=4000, d=3, noise=0.5, seed=1)
    post = vi.exact_posterior(X[:200], y[:200], noise=0.5)
    assert abs(vi.interval_coverage(post, X[200:], y[200:], noise=0.5) - 0.9) < 0.02


def test_vae_kl_weight_changes_training_not_the_reported_bound():
    from genlab.models.base import DataInfo
    from genlab.models.vae import VAE, VAEConfig

    info = DataInfo((1, 8, 8), 10)
    torch.manual_seed(0)
    x = torch.rand(16, 1, 8, 8)
    losses = {}
    for beta in (0.5, 1.0, 4.0):
        torch.manual_seed(0)
        model = VAE(VAEConfig(hidden_dim=8, latent_dim=2, kl_weight=beta), info)
        torch.manual_seed(1)
        out = model.loss((x,))
        losses[beta] = out
        assert torch.isclose(out.loss, out.logs["recon"] + beta * out.logs["kl"], rtol=1e-5)
        torch.manual_seed(1)
        assert abs(model.evaluate([(x,)])["nelbo"] - float(out.logs["nelbo"])) < 1e-4
    assert torch.isclose(losses[0.5].logs["nelbo"], losses[4.0].logs["nelbo"])
