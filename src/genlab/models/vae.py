"""Variational autoencoder (Kingma & Welling, 2014, "Auto-Encoding Variational Bayes").

The idea in three lines:
- an encoder maps an image x to a Gaussian q(z|x) = N(mu, diag(sigma^2)) over a small latent z;
- a decoder maps z to a distribution p(x|z) over images, and the prior is p(z) = N(0, I);
- training maximises the evidence lower bound ELBO = E_q[log p(x|z)] - KL(q(z|x) || p(z)) <= log p(x),
  made differentiable by the reparameterization trick z = mu + sigma * eps, eps ~ N(0, I).

We minimise the negative ELBO in nats per image. Its two terms are logged apart: ``recon``
(how well x is rebuilt) and ``kl`` (how far the code is from the prior). The tighter
importance-weighted bound of Burda et al. (2016) with k samples estimates -log p(x) itself:
``iw_nll = -log (1/k) sum_k p(x, z_k) / q(z_k|x)``. Bits per dim is that NLL / (D ln 2).

Decoders: ``bernoulli`` (the classic, treats grey levels as probabilities), ``continuous-bernoulli``
(Loaiza-Ganem & Cunningham, 2019: the properly normalised density on [0, 1]) and ``gaussian``
(a learned per-pixel scale). For the continuous decoders the NLL is a density on [0, 1]^D and
can be negative; compare likelihoods only between runs with the same decoder.
"""

from __future__ import annotations

import math
from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field
from torch import nn

from genlab.models.base import DataInfo, LossOutput, Model, ModelConfig, halvable
from genlab.models.capabilities import ExampleLosses, ImageSampling


class VAEConfig(ModelConfig):
    name: Literal["vae"] = "vae"
    arch: Literal["mlp", "conv"] = "mlp"
    hidden_dim: int = Field(400, ge=1)
    latent_dim: int = Field(20, ge=1)
    channels: int = Field(32, ge=1, description="conv arch: channels of the first convolution")
    decoder: Literal["bernoulli", "continuous-bernoulli", "gaussian"] = "bernoulli"
    eval_iw_samples: int = Field(16, ge=0, description="k of the IW bound in the final evaluation")
    kl_weight: float = Field(1.0, gt=0, description="beta: weight of the KL term in training (beta-VAE; "
                             "the reported nelbo is always the true bound, beta = 1)")
    train_iw_samples: int = Field(1, ge=1, description="k > 1 trains the importance-weighted bound "
                                  "(IWAE, Burda et al. 2016) instead of the ELBO")
    binarize: bool = Field(False, description="dynamic binarization: train on x ~ Bernoulli(pixels), "
                           "freshly drawn each time; test images are binarized once, with a fixed seed")


class VAE(ImageSampling, ExampleLosses, Model):
    Config = VAEConfig
    key_metric = "test/nelbo"

    @classmethod
    def dp_problem(cls, config) -> str | None:
        if config.decoder == "gaussian":
            return "the gaussian decoder's shared scale has no per-example gradient here; use decoder = 'bernoulli'"
        if config.train_iw_samples > 1:
            return "train with the ELBO (train_iw_samples = 1) under DP-SGD"
        return None

    def __init__(self, config: VAEConfig, data: DataInfo):
        super().__init__(config, data)
        build = {"mlp": (MLPEncoder, MLPDecoder), "conv": (ConvEncoder, ConvDecoder)}[config.arch]
        self.encoder = build[0](config, data.shape)
        self.decoder = build[1](config, data.shape)
        if config.decoder == "gaussian":
            # one learned log standard deviation per pixel, shared by all images
            self.log_scale = nn.Parameter(torch.full(data.shape, -1.0))

    # -- the model ---------------------------------------------------------------------------
    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Mean and log-variance of q(z|x)."""
        return self.encoder(x)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Decoder output (logits or Gaussian means before the sigmoid), image-shaped."""
        return self.decoder(z)

    def log_likelihood(self, x: torch.Tensor, out: torch.Tensor) -> torch.Tensor:
        """log p(x|z) summed over pixels, one value per image."""
        kind = self.config.decoder
        if kind == "bernoulli":
            ll = -F.binary_cross_entropy_with_logits(out, x, reduction="none")
        elif kind == "continuous-bernoulli":
            ll = torch.distributions.ContinuousBernoulli(logits=out).log_prob(x)
        else:
            ll = torch.distributions.Normal(torch.sigmoid(out), self.log_scale.exp()).log_prob(x)
        return ll.flatten(1).sum(1)

    def mean_image(self, out: torch.Tensor) -> torch.Tensor:
        """E[x|z], the image we show for a decoder output."""
        if self.config.decoder == "continuous-bernoulli":
            return torch.distributions.ContinuousBernoulli(logits=out).mean
        return torch.sigmoid(out)

    # -- the loss ----------------------------------------------------------------------------
    def loss(self, batch) -> LossOutput:
        x = self.binarized(batch[0])
        k = self.config.train_iw_samples
        if k > 1:  # IWAE: the k-sample bound is tighter, and its gradient trains q differently
            nll = -(torch.logsumexp(self.log_weights(x, k), 0) - math.log(k))
            return LossOutput(nll.mean(), {"iw_bound": nll.mean().detach()})
        recon, kl = self.elbo_terms(x)
        # beta != 1 trains a point of the rate-distortion curve; the bound itself is logged apart
        objective = (recon + self.config.kl_weight * kl).mean()
        return LossOutput(objective, {"recon": recon.mean().detach(), "kl": kl.mean().detach(),
                                      "nelbo": (recon + kl).mean().detach()})

    def elbo_terms(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Per image: the reconstruction term -log p(x|z) at one z ~ q(z|x), and KL(q(z|x) || p(z))."""
        mu, logvar = self.encode(x)
        z = reparameterize(mu, logvar)
        return -self.log_likelihood(x, self.decode(z)), gaussian_kl(mu, logvar)

    @torch.no_grad()
    def example_losses(self, batch, generator: torch.Generator | None = None, draws: int = 4) -> torch.Tensor:
        """Each image's negative ELBO, averaged over ``draws`` codes z ~ q(z|x) (eps from ``generator``)."""
        x = self.binarized(batch[0], generator)
        mu, logvar = self.encode(x)
        total = gaussian_kl(mu, logvar) * draws
        for _ in range(draws):
            eps = torch.randn(mu.shape, generator=generator, device=mu.device)
            total = total - self.log_likelihood(x, self.decode(mu + (0.5 * logvar).exp() * eps))
        return total / draws

    def binarized(self, x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        return torch.bernoulli(x, generator=generator) if self.config.binarize else x

    @torch.no_grad()
    def evaluate(self, batches, final: bool = False, iw_samples: int | None = None) -> dict[str, float]:
        """Negative ELBO and its terms; with k > 0 also the importance-weighted NLL and bits/dim."""
        k = iw_samples if iw_samples is not None else (self.config.eval_iw_samples if final else 0)
        sums = {"nelbo": 0.0, "recon": 0.0, "kl": 0.0, "iw_nll": 0.0}
        count = 0
        fixed = torch.Generator(device=self.device).manual_seed(0)  # the same binary test set each time
        for batch in batches:
            x = self.binarized(batch[0], fixed)
            recon, kl = self.elbo_terms(x)
            n = x.shape[0]
            sums["nelbo"] += float((recon + kl).sum())
            sums["recon"] += float(recon.sum())
            sums["kl"] += float(kl.sum())
            if k > 0:
                sums["iw_nll"] += float(self.iw_nll(x, k).sum())
            count += n
        metrics = {key: value / max(count, 1) for key, value in sums.items()}
        dims = math.prod(self.data_info.shape)
        if k > 0:
            metrics["bpd"] = metrics["iw_nll"] / (dims * math.log(2))
        else:
            del metrics["iw_nll"]
        return metrics

    @torch.no_grad()
    def iw_nll(self, x: torch.Tensor, k: int, chunk: int = 2048) -> torch.Tensor:
        """-log p(x) estimated with k importance samples from q(z|x); one value per image."""
        return -(torch.logsumexp(self.log_weights(x, k, chunk), 0) - math.log(k))

    def log_weights(self, x: torch.Tensor, k: int, chunk: int = 2048) -> torch.Tensor:
        """log p(x, z_j) - log q(z_j|x) for k draws z_j ~ q(z|x): shape (k, n)."""
        mu, logvar = self.encode(x)
        std = torch.exp(0.5 * logvar)
        per_chunk = max(1, chunk // x.shape[0])
        log_w = []
        for start in range(0, k, per_chunk):
            m = min(per_chunk, k - start)
            eps = torch.randn((m,) + mu.shape, device=x.device, dtype=mu.dtype)
            z = mu + std * eps                                            # (m, n, latent)
            out = self.decode(z.flatten(0, 1))
            ll = self.log_likelihood(x.repeat(m, *[1] * (x.dim() - 1)), out).view(m, -1)
            log_prior = normal_log_prob(z).sum(-1)
            log_q = (normal_log_prob(eps) - 0.5 * logvar).sum(-1)         # density of z under q
            log_w.append(ll + log_prior - log_q)
        return torch.cat(log_w)

    # -- sampling ----------------------------------------------------------------------------
    def draw_latents(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        return torch.randn(n, self.config.latent_dim, generator=generator)   # the prior N(0, I)

    def decode_latents(self, z: torch.Tensor, labels=None, **options) -> torch.Tensor:
        return self.mean_image(self.decode(z))

    @torch.no_grad()
    def reconstruct(self, x: torch.Tensor) -> torch.Tensor:
        mu, _ = self.encode(x)
        return self.mean_image(self.decode(mu)).clamp(0, 1)

    @torch.no_grad()
    def latent_traversal(self, steps: int = 15) -> torch.Tensor:
        """For a 2-D latent space: decode a grid of z at evenly spaced quantiles of N(0, 1)."""
        q = torch.linspace(0.5 / steps, 1 - 0.5 / steps, steps)
        values = torch.distributions.Normal(0.0, 1.0).icdf(q)
        grid = torch.stack(torch.meshgrid(values.flip(0), values, indexing="ij"), -1)
        z = grid.reshape(-1, 2)[:, [1, 0]].to(self.device)
        return self.mean_image(self.decode(z)).clamp(0, 1)

    @torch.no_grad()
    def visualize(self, batch, generator, num_samples) -> dict[str, torch.Tensor]:
        x = batch[0][:32]
        cols = min(8, len(x))
        x = x[: len(x) // cols * cols]
        pairs = torch.stack([x, self.reconstruct(x)], 1)       # each row of originals above its
        rows = pairs.view(-1, cols, 2, *x.shape[1:]).transpose(1, 2).reshape(-1, *x.shape[1:])  # reconstructions
        grids = {"samples": self.sample(num_samples, generator=generator), "reconstructions": rows}
        if self.config.latent_dim == 2:
            grids["latent-traversal"] = self.latent_traversal()
        return grids


# -- the two formulas a learner should know by heart ------------------------------------------
def reparameterize(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """z = mu + sigma * eps: the sample is a differentiable function of mu and logvar."""
    return mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)


def gaussian_kl(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL(N(mu, sigma^2) || N(0, 1)) summed over latent dims, in closed form:
    0.5 * sum(mu^2 + sigma^2 - log sigma^2 - 1)."""
    return 0.5 * (mu.pow(2) + logvar.exp() - logvar - 1).sum(-1)


def normal_log_prob(z: torch.Tensor) -> torch.Tensor:
    """log N(z; 0, 1) per element."""
    return -0.5 * (z.pow(2) + math.log(2 * math.pi))


# -- encoders and decoders ---------------------------------------------------------------------
class MLPEncoder(nn.Module):
    def __init__(self, config: VAEConfig, shape):
        super().__init__()
        self.hidden = nn.Linear(math.prod(shape), config.hidden_dim)
        self.mu = nn.Linear(config.hidden_dim, config.latent_dim)
        self.logvar = nn.Linear(config.hidden_dim, config.latent_dim)

    def forward(self, x):
        h = F.relu(self.hidden(x.flatten(1)))
        return self.mu(h), self.logvar(h)


class MLPDecoder(nn.Module):
    def __init__(self, config: VAEConfig, shape):
        super().__init__()
        self.shape = tuple(shape)
        self.net = nn.Sequential(nn.Linear(config.latent_dim, config.hidden_dim), nn.ReLU(),
                                 nn.Linear(config.hidden_dim, math.prod(shape)))

    def forward(self, z):
        return self.net(z).view(-1, *self.shape)


class ConvEncoder(nn.Module):
    """Two stride-2 convolutions halve the image twice (28 -> 14 -> 7), then a linear layer."""

    def __init__(self, config: VAEConfig, shape):
        super().__init__()
        c, h, w = halvable(shape, 2, "the conv VAE")
        ch = config.channels
        self.conv = nn.Sequential(nn.Conv2d(c, ch, 4, 2, 1), nn.ReLU(),
                                  nn.Conv2d(ch, 2 * ch, 4, 2, 1), nn.ReLU(), nn.Flatten())
        self.hidden = nn.Linear(2 * ch * (h // 4) * (w // 4), config.hidden_dim)
        self.mu = nn.Linear(config.hidden_dim, config.latent_dim)
        self.logvar = nn.Linear(config.hidden_dim, config.latent_dim)

    def forward(self, x):
        h = F.relu(self.hidden(self.conv(x)))
        return self.mu(h), self.logvar(h)


class ConvDecoder(nn.Module):
    def __init__(self, config: VAEConfig, shape):
        super().__init__()
        c, h, w = shape
        ch = config.channels
        self.start = (2 * ch, h // 4, w // 4)
        self.fc = nn.Sequential(nn.Linear(config.latent_dim, config.hidden_dim), nn.ReLU(),
                                nn.Linear(config.hidden_dim, math.prod(self.start)), nn.ReLU())
        self.deconv = nn.Sequential(nn.ConvTranspose2d(2 * ch, ch, 4, 2, 1), nn.ReLU(),
                                    nn.ConvTranspose2d(ch, c, 4, 2, 1))

    def forward(self, z):
        return self.deconv(self.fc(z).view(-1, *self.start))
