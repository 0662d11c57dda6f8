"""The VAE's loss terms against values computed by hand, and its likelihood estimates."""

import math

import pytest
import torch

from genlab.errors import ConfigError
from genlab.models.base import DataInfo
from genlab.models.vae import VAE, gaussian_kl, reparameterize


def test_gaussian_kl_matches_hand_computation():
    mu = torch.tensor([[0.5, -1.0]])
    logvar = torch.tensor([[0.0, math.log(4.0)]])
    # KL(N(0.5, 1) || N(0,1)) = 0.5 * 0.25 = 0.125
    # KL(N(-1, 4) || N(0,1)) = 0.5 * (1 + 4 - ln 4 - 1) = 2 - ln 2
    expected = 0.125 + (2 - math.log(2))
    assert gaussian_kl(mu, logvar).item() == pytest.approx(expected, rel=1e-6)
    assert gaussian_kl(torch.zeros(3, 4), torch.zeros(3, 4)).abs().max() == 0


def test_reparameterize_has_the_right_moments_and_gradients():
    torch.manual_seed(0)
    mu = torch.full((200_000, 1), 2.0, requires_grad=True)
    logvar = torch.full((200_000, 1), math.log(9.0), requires_grad=True)
    z = reparameterize(mu, logvar)
    assert z.mean().item() == pytest.approx(2.0, abs=0.03)
    assert z.std().item() == pytest.approx(3.0, abs=0.03)
    z.sum().backward()
    assert torch.allclose(mu.grad, torch.ones_like(mu))   # dz/dmu = 1


def tiny_vae(decoder="bernoulli", latent=1, pixels=3):
    vae = VAE(VAE.Config(arch="mlp", hidden_dim=4, latent_dim=latent, decoder=decoder,
                         eval_iw_samples=0), DataInfo((1, 1, pixels), 2))
    return vae


def test_loss_terms_match_hand_computation(monkeypatch):
    torch.manual_seed(0)
    vae = tiny_vae()
    x = torch.tensor([[[[0.0, 1.0, 0.25]]]])
    monkeypatch.setattr(torch, "randn_like", torch.zeros_like)   # z = mu exactly
    out = vae.loss((x, torch.zeros(1)))
    mu, logvar = vae.encode(x)
    logits = vae.decode(mu).flatten().tolist()
    bce = 0.0
    for xi, li in zip([0.0, 1.0, 0.25], logits):
        p = 1 / (1 + math.exp(-li))
        bce -= xi * math.log(p) + (1 - xi) * math.log(1 - p)
    kl = 0.5 * (mu.item() ** 2 + math.exp(logvar.item()) - logvar.item() - 1)
    assert out.logs["recon"].item() == pytest.approx(bce, rel=1e-5)
    assert out.logs["kl"].item() == pytest.approx(kl, rel=1e-5)
    assert out.loss.item() == pytest.approx(bce + kl, rel=1e-5)


@pytest.mark.parametrize("decoder", ["bernoulli", "continuous-bernoulli", "gaussian"])
def test_iw_bound_approaches_exact_likelihood(decoder):
    """With a 1-D latent, log p(x) = log int p(x|z) p(z) dz is computed by quadrature; the
    importance-weighted estimate with many samples must agree, and the ELBO must lie above it."""
    torch.manual_seed(1)
    vae = tiny_vae(decoder).double()
    x = torch.tensor([[[[0.1, 0.9, 0.5]]]], dtype=torch.double)
    z = torch.linspace(-10, 10, 20001, dtype=torch.double)[:, None]
    log_joint = vae.log_likelihood(x.expand(len(z), -1, -1, -1), vae.decode(z)) - 0.5 * (
        z[:, 0] ** 2 + math.log(2 * math.pi))
    exact_nll = -(torch.logsumexp(log_joint, 0) + math.log(z[1, 0] - z[0, 0])).item()
    iw = vae.iw_nll(x, k=20000).item()
    assert iw == pytest.approx(exact_nll, abs=0.02)
    nelbo = sum(vae.loss((x, None)).loss.item() for _ in range(400)) / 400
    assert nelbo >= exact_nll - 0.02


def test_evaluate_reports_bits_per_dim_from_iw_nll():
    torch.manual_seed(0)
    vae = tiny_vae()
    x = torch.rand(8, 1, 1, 3)
    metrics = vae.evaluate([(x, torch.zeros(8))], iw_samples=50)
    assert set(metrics) == {"nelbo", "recon", "kl", "iw_nll", "bpd"}
    assert metrics["bpd"] == pytest.approx(metrics["iw_nll"] / (3 * math.log(2)))
    assert "iw_nll" not in vae.evaluate([(x, torch.zeros(8))])   # off during training


@pytest.mark.parametrize("arch, shape", [("mlp", (1, 28, 28)), ("conv", (1, 28, 28)), ("conv", (1, 8, 8))])
def test_shapes_and_value_range(arch, shape):
    torch.manual_seed(0)
    vae = VAE(VAE.Config(arch=arch, latent_dim=2, hidden_dim=16, channels=4), DataInfo(shape, 10))
    x = torch.rand(5, *shape)
    grids = vae.visualize((x, torch.zeros(5)), torch.Generator().manual_seed(0), 6)
    assert grids["samples"].shape == (6, *shape)
    assert grids["reconstructions"].shape == (10, *shape)
    assert grids["latent-traversal"].shape == (225, *shape)
    for images in grids.values():
        assert images.min() >= 0 and images.max() <= 1


def test_conv_vae_rejects_odd_sizes():
    with pytest.raises(ConfigError, match="divisible by 4"):
        VAE(VAE.Config(arch="conv"), DataInfo((1, 10, 10), 10))


def test_a_few_steps_lower_the_loss():
    torch.manual_seed(0)
    vae = VAE(VAE.Config(hidden_dim=32, latent_dim=4), DataInfo((1, 8, 8), 10))
    patterns = (torch.rand(4, 1, 8, 8) > 0.5).float()
    x = patterns.repeat(16, 1, 1, 1)        # structure to learn: four repeated images
    opt = torch.optim.Adam(vae.parameters(), 1e-2)
    first = vae.loss((x,)).loss.item()
    for _ in range(30):
        loss = vae.loss((x,)).loss
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert vae.loss((x,)).loss.item() < first - 5
