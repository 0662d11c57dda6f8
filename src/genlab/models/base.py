"""The contract between a model (the science) and the one trainer (the engineering).

A model says what its loss on a batch is, how it is evaluated, and how it samples; the trainer
owns devices, precision, optimizers, checkpoints, logging and the loop. This is the split of
PyTorch Lightning, kept small enough to read in one sitting.

Models with one optimizer only implement :meth:`GenerativeModel.loss`. Models with several
(GANs) override :meth:`training_step` and call ``ctx.optimize(loss, opt_index)`` themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable

import torch
from pydantic import BaseModel, ConfigDict, ValidationError
from torch import nn

from genlab.data.info import DataInfo  # noqa: F401  (re-exported for models)
from genlab.errors import ConfigError


class ModelConfig(BaseModel):
    """Base of every model's config: unknown keys are errors, values are validated."""

    model_config = ConfigDict(extra="forbid")
    name: str


@dataclass
class LossOutput:
    """A scalar loss to minimise, plus named scalar tensors to log (detached by the trainer)."""

    loss: torch.Tensor
    logs: dict[str, torch.Tensor] = field(default_factory=dict)


class GenerativeModel(nn.Module):
    Config: ClassVar[type[ModelConfig]] = ModelConfig
    #: the metric the model is judged by, with the direction that is better
    key_metric: ClassVar[str] = "test/loss"

    def __init__(self, config: ModelConfig, data: DataInfo):
        super().__init__()
        self.config = config
        self.data_info = data

    @classmethod
    def from_config(cls, table: dict[str, Any], data: DataInfo) -> "GenerativeModel":
        try:
            config = cls.Config.model_validate(table)
        except ValidationError as exc:
            from genlab.config import describe_validation_error

            raise ConfigError(f"invalid config: {describe_validation_error(exc, 'model.')}") from None
        return cls(config, data)

    @classmethod
    def load_data(cls, cfg, splits=("train", "test")) -> list:
        """The datasets this model trains on. Image models use the image registry; text models
        override this to tokenize their corpus. Each returned object offers ``info()``,
        ``batches(batch_size, seed, rank, world_size)``, ``eval_batches(batch_size)``, ``to(device)``."""
        from genlab.data.images import load_images

        d = cfg.data
        limits = {"train": d.limit_train, "test": d.limit_test}
        return [load_images(d.dataset, split, d.data_dir, d.download, limit=limits[split])
                for split in splits]

    # -- the science ----------------------------------------------------------------------
    def loss(self, batch: tuple[torch.Tensor, ...]) -> LossOutput:
        raise NotImplementedError

    def training_step(self, batch, ctx) -> LossOutput:
        return ctx.loss_and_optimize(batch)

    def param_groups(self) -> list:
        """Parameters of each optimizer: one group (all parameters) unless overridden. A group
        may be ``(parameters, {"lr": ..., "betas": ...})`` to override the optim config for it."""
        return [self.parameters()]

    @torch.no_grad()
    def evaluate(self, batches: Iterable, **options) -> dict[str, float]:
        """Metrics on held-out batches (averages per example)."""
        total: dict[str, float] = {}
        count = 0
        for batch in batches:
            out = self.loss(batch)
            n = batch[0].shape[0]
            for key, value in {"loss": out.loss, **out.logs}.items():
                total[key] = total.get(key, 0.0) + float(value) * n
            count += n
        return {k: v / max(count, 1) for k, v in total.items()}

    @torch.no_grad()
    def sample(self, n: int, generator: torch.Generator | None = None, **options) -> torch.Tensor:
        """``n`` images in [0, 1], shape (n, C, H, W)."""
        raise NotImplementedError

    @torch.no_grad()
    def visualize(self, batch, generator: torch.Generator, num_samples: int) -> dict[str, torch.Tensor]:
        """Image grids to save at each evaluation: name -> images in [0, 1]."""
        return {"samples": self.sample(num_samples, generator=generator)}

    @torch.no_grad()
    def write_artefacts(self, batch, generator: torch.Generator, folder, step: int) -> list:
        """Files other than image grids to write into ``folder`` at each evaluation (a text
        sample, an attention heat-map, a projection plot); returns their paths. None by default."""
        return []

    @property
    def device(self) -> torch.device:
        return next(self.parameters()).device
