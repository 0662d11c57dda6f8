"""What every image generator judged by its samples shares: honest evaluation by sample quality
and the grids it shows during training.

A generator maps a latent code and, if it is conditional, a class label to an image (see
:class:`genlab.models.capabilities.ImageSampling`); its images live in [0, 1] outside and in
[-1, 1] inside where the model prefers that. Evaluation asks the questions every generator must
answer the same way (see :mod:`genlab.metrics`): how far are its samples from the test set in a
classifier's feature space (FID, KID), how much of the real data do they cover and how much of
them is realistic (precision/recall), are all classes there (coverage), and, for a conditional
model, is the class the one we asked for (class accuracy).
"""

from __future__ import annotations

import torch
from pydantic import Field

from genlab.models.base import Model, ModelConfig
from genlab.models.capabilities import ImageSampling


class ImageGeneratorConfig(ModelConfig):
    eval_samples: int = Field(10000, ge=100, description="samples for FID/KID/P/R in the final evaluation")
    quick_eval_samples: int = Field(1000, ge=0, description="samples for a quick FID at every "
                                    "periodic evaluation (0: none)")


class ImageGenerator(ImageSampling, Model):
    """Base of the image labs. Subclasses implement ``draw_latents`` and ``decode_latents``."""

    key_metric = "test/fid"

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
