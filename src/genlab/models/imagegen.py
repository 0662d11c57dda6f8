"""What every image generator in genlab shares: sampling (optionally of a requested class),
latent walks, and honest evaluation by sample quality.

A generator maps a latent code (``draw_latents``) and, if it is conditional, a class label to an
image (``generate``); its images live in [0, 1] outside and in [-1, 1] inside where the model
prefers that. Evaluation asks the questions every generator must answer the same way (see
:mod:`genlab.metrics`): how far are its samples from the test set in a classifier's feature space
(FID, KID), how much of the real data do they cover and how much of them is realistic
(precision/recall), are all classes there (coverage), and, for a conditional model, is the class
the one we asked for (class accuracy).
"""

from __future__ import annotations

from typing import ClassVar

import torch
from pydantic import Field

from genlab.errors import ConfigError
from genlab.models.base import GenerativeModel, ModelConfig


class ImageGeneratorConfig(ModelConfig):
    eval_samples: int = Field(10000, ge=100, description="samples for FID/KID/P/R in the final evaluation")
    quick_eval_samples: int = Field(1000, ge=0, description="samples for a quick FID at every "
                                    "periodic evaluation (0: none)")


class ImageGenerator(GenerativeModel):
    """Base of the image labs. Subclasses implement ``draw_latents`` and ``generate``."""

    conditional: ClassVar[bool] = False
    key_metric = "test/fid"

    # -- to implement ------------------------------------------------------------------------
    def draw_latents(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        raise NotImplementedError

    def generate(self, z: torch.Tensor, labels: torch.Tensor | None = None, **options) -> torch.Tensor:
        """Images in [0, 1] from latents ``z`` (and labels, for conditional models)."""
        raise NotImplementedError

    # -- sampling ----------------------------------------------------------------------------
    def check_labels(self, labels) -> torch.Tensor | None:
        """Validate requested classes; None means 'any class' (balanced for conditional models)."""
        if labels is None:
            return None
        if not self.conditional:
            raise ConfigError(f"model {self.config.name!r} is not class-conditional, so it cannot "
                              "sample a requested class; use cvae, cgan or diffusion")
        labels = torch.as_tensor(labels, dtype=torch.long)
        k = self.data_info.num_classes
        if labels.numel() and (labels.min() < 0 or labels.max() >= k):
            bad = int(labels[(labels < 0) | (labels >= k)][0])
            raise ConfigError(f"class {bad} is out of range; this run has classes 0..{k - 1}"
                              + (f" ({', '.join(self.data_info.classes)})" if self.data_info.classes else ""))
        return labels

    def balanced_labels(self, n: int) -> torch.Tensor:
        """0, 1, ..., K-1, 0, 1, ...: every class equally often."""
        return torch.arange(n) % self.data_info.num_classes

    @torch.no_grad()
    def sample(self, n: int, generator: torch.Generator | None = None, labels=None,
               batch_size: int = 500, **options) -> torch.Tensor:
        """``n`` images in [0, 1]. ``labels``: one class for all, or one per image (conditional only)."""
        labels = self.check_labels(labels)
        if labels is not None and labels.dim() == 0:
            labels = labels.expand(n)
        if self.conditional and labels is None:
            labels = self.balanced_labels(n)
        z = self.draw_latents(n, generator)
        out = []
        for i in range(0, n, batch_size):
            y = labels[i:i + batch_size].to(self.device) if labels is not None else None
            out.append(self.generate(z[i:i + batch_size].to(self.device), y, **options).float())
        return torch.cat(out).clamp(0, 1)

    @torch.no_grad()
    def interpolate(self, generator: torch.Generator | None = None, rows: int = 8, steps: int = 10,
                    labels=None, **options) -> torch.Tensor:
        """A latent walk: each row goes from one random latent to another along a great circle
        (spherical interpolation keeps Gaussian latents at a typical norm; Shoemake 1985,
        White 2016 "Sampling generative networks"). Conditional models keep one class per row."""
        labels = self.check_labels(labels)
        ends = self.draw_latents(2 * rows, generator)
        a, b = ends[:rows], ends[rows:]
        t = torch.linspace(0, 1, steps)
        z = torch.stack([slerp(a, b, float(s)) for s in t], 1).flatten(0, 1)   # row-major
        y = None
        if self.conditional:
            per_row = labels.expand(rows) if labels is not None and labels.dim() == 0 else (
                labels if labels is not None else self.balanced_labels(rows))
            y = per_row.repeat_interleave(steps).to(self.device)
        return self.generate(z.to(self.device), y, **options).float().clamp(0, 1)

    # -- evaluation --------------------------------------------------------------------------
    def eval_losses(self, batches: list) -> dict[str, float]:
        """Model-specific held-out metrics (e.g. reconstruction error); none by default."""
        return {}

    @torch.no_grad()
    def evaluate(self, batches, final: bool = False, samples: int | None = None, **options) -> dict[str, float]:
        """Held-out losses, plus sample quality: on ``eval_samples`` samples at the end of
        training (and in ``genlab evaluate``), on ``quick_eval_samples`` in between."""
        from genlab.metrics import sample_quality

        batches = list(batches)
        metrics = self.eval_losses(batches)
        n = samples or (self.config.eval_samples if final else self.config.quick_eval_samples)
        if n:
            metrics.update(sample_quality(self, batches, n, full=final, seed=0))
        return metrics

    @torch.no_grad()
    def visualize(self, batch, generator, num_samples) -> dict[str, torch.Tensor]:
        # the trainer seeds ``generator`` the same way at every evaluation, so "samples" shows
        # the same latents across training: the frames of the fixed-noise GIF
        grids = {"samples": self.sample(num_samples, generator=generator)}
        if self.conditional:
            k = self.data_info.num_classes   # one row per class
            grids["classes"] = self.sample(k * 10, generator=generator,
                                           labels=torch.arange(k).repeat_interleave(10))
        return grids


def slerp(a: torch.Tensor, b: torch.Tensor, t: float) -> torch.Tensor:
    """Spherical interpolation between rows of ``a`` and ``b`` (linear where they are parallel)."""
    fa, fb = a.flatten(1), b.flatten(1)
    cos = (fa * fb).sum(1) / (fa.norm(dim=1) * fb.norm(dim=1)).clamp_min(1e-8)
    omega = torch.acos(cos.clamp(-1 + 1e-7, 1 - 1e-7))[:, None]
    so = torch.sin(omega)
    near = so.abs() < 1e-4
    wa = torch.where(near, torch.full_like(so, 1 - t), torch.sin((1 - t) * omega) / so)
    wb = torch.where(near, torch.full_like(so, t), torch.sin(t * omega) / so)
    return (wa * fa + wb * fb).view_as(a)
