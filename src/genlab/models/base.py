"""The contract between a model (the science) and the one trainer (the engineering).

A model says what its loss on a batch is and how it is evaluated; the trainer owns devices,
precision, optimizers, checkpoints, logging and the loop. This is the split of PyTorch
Lightning, kept small enough to read in one sitting:

- every model is a :class:`Model` with a typed ``Config`` (checked before a run starts);
- what else it can do (sample images, generate text, predict sequences, embed words) it says with
  the mixins of :mod:`genlab.models.capabilities`;
- most models only implement :meth:`Model.loss`: the trainer runs the standard step (with
  gradient accumulation and DistributedDataParallel). A model with several optimizers (a GAN)
  sets ``manual_optimization = True`` and its :meth:`Model.training_step` calls
  ``ctx.optimize(loss, opt_index)`` itself, like Lightning's ``automatic_optimization = False``;
- :meth:`Model.after_step` runs after every update (e.g. a weight average for sampling).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable

import torch
from pydantic import BaseModel, ConfigDict
from torch import nn

from genlab.data.info import DataInfo  # noqa: F401  (re-exported for models)
from genlab.errors import ConfigError


class ModelConfig(BaseModel):
    """Base of every model's config: unknown keys are errors, values are validated."""

    model_config = ConfigDict(extra="forbid")
    name: str


def halvable(shape, times: int, what: str) -> tuple[int, int, int]:
    """``shape`` (C, H, W) if a network that halves the image ``times`` times fits it; else a
    one-line ConfigError (checked before the run folder is made, see ``job.build_model``)."""
    c, h, w = shape
    if h % 2 ** times or w % 2 ** times:
        raise ConfigError(f"{what} halves the image {times} times, so image sides must be "
                          f"divisible by {2 ** times}; got {h}x{w}")
    return c, h, w


@dataclass
class LossOutput:
    """A scalar loss to minimise, plus named scalar tensors to log (detached by the trainer)."""

    loss: torch.Tensor
    logs: dict[str, torch.Tensor] = field(default_factory=dict)


class Model(nn.Module):
    Config: ClassVar[type[ModelConfig]] = ModelConfig
    #: the metric the model is judged by, with the direction that is better
    key_metric: ClassVar[str] = "test/loss"
    #: True: ``training_step`` calls ``ctx.optimize`` itself (several optimizers, e.g. a GAN);
    #: then gradient accumulation is refused and DDP averages gradients explicitly
    manual_optimization: ClassVar[bool] = False
    #: checkpoint keys renamed since older runs were saved: old prefix -> new prefix (None: drop)
    legacy_state_keys: ClassVar[dict[str, str | None]] = {}

    def __init__(self, config: ModelConfig, data: DataInfo):
        super().__init__()
        self.config = config
        self.data_info = data

    @classmethod
    def parse_config(cls, table: dict[str, Any]) -> ModelConfig:
        """The ``[model]`` table validated by this model's typed config (one-line errors)."""
        from genlab.config import parse

        return parse(cls.Config, table, "model.")

    @classmethod
    def from_config(cls, table: dict[str, Any], data: DataInfo) -> "Model":
        return cls(cls.parse_config(table), data)

    @classmethod
    def load_data(cls, cfg, splits=("train", "test")) -> list:
        """The datasets this model trains on. Image models use the image registry; text models
        override this to tokenize their corpus. Each returned object offers ``info()``,
        ``batches(batch_size, seed, rank, world_size)``, ``eval_batches(batch_size)``, ``to(device)``."""
        from genlab.data.images import load_images, split_test_set

        d = cfg.data
        limits = {"train": d.limit_train, "test": d.limit_test}
        size = {"image_size": d.image_size, "channels": d.channels}
        if d.split_test_at:
            data = split_test_set(d.dataset, d.split_test_at, splits, d.data_dir, d.download, **size)
            return [x.subset(limits[x.split]) for x in data]
        return [load_images(d.dataset, split, d.data_dir, d.download, limit=limits[split], **size)
                for split in splits]

    # -- the science ----------------------------------------------------------------------
    def loss(self, batch: tuple[torch.Tensor, ...]) -> LossOutput:
        raise NotImplementedError

    def training_step(self, batch, ctx) -> LossOutput:
        """One update. Only ``manual_optimization`` models override this."""
        return ctx.loss_and_optimize(batch)

    @classmethod
    def dp_problem(cls, config: ModelConfig) -> str | None:
        """Why this model, so configured, cannot train with DP-SGD (``train.dp_epsilon``); None
        if it can. Most cannot: DP-SGD needs per-example gradients of every parameter and no
        state computed from the batch (batch norm) or from the data outside the optimizer."""
        return f"model {config.name!r} has no DP-SGD support (models that have: classifier, vae, cvae)"

    def after_step(self) -> None:
        """Called after every update (e.g. to move a weight average); nothing by default."""

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
    def visualize(self, batch, generator: torch.Generator, num_samples: int) -> dict[str, torch.Tensor]:
        """Image grids to save at each evaluation: name -> images in [0, 1]. None by default."""
        return {}

    @torch.no_grad()
    def write_artefacts(self, batch, generator: torch.Generator, folder, step: int) -> list:
        """Files other than image grids to write into ``folder`` at each evaluation (a text
        sample, an attention heat-map, a projection plot); returns their paths. None by default."""
        return []

    def export_graph(self):
        """The network to ship as ONNX (a :class:`genlab.export.graph.ExportGraph`); None: none yet."""
        return None

    @property
    def device(self) -> torch.device:
        return next(self.parameters()).device
