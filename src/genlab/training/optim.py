"""Optimizers and learning-rate schedules built from an :class:`~genlab.config.OptimConfig`."""

from __future__ import annotations

import math

import torch

from genlab.config import OptimConfig
from genlab.errors import ConfigError


def build_optimizers(cfg: OptimConfig, groups) -> list[torch.optim.Optimizer]:
    """One optimizer per parameter group a model declares. A group is an iterable of parameters,
    or ``(parameters, overrides)`` where overrides change the config for that optimizer only
    (e.g. a GAN's critic with its own learning rate and betas)."""
    out = []
    for group in groups:
        params, overrides = group if isinstance(group, tuple) else (group, {})
        out.append(build_optimizer(cfg.model_copy(update=overrides), params))
    return out


def model_param_groups(model, cfg: OptimConfig) -> list:
    """The model's optimizer groups, split for Muon when ``cfg.name == "muon"``.

    Muon (Jordan et al., 2024, "Muon: an optimizer for hidden layers") replaces each 2-D weight
    matrix's momentum update by the nearest orthogonal matrix (a few Newton-Schulz iterations),
    so every direction of the matrix moves at the same rate. It is meant for the matrices
    inside the network only: embeddings (and an output head tied to them), norms and biases
    keep AdamW. Both optimizers step together on every batch and share the schedule. The
    matrices decay by ``muon_weight_decay`` (default ``weight_decay``), the AdamW part by the
    model's own grouping of ``weight_decay``.
    """
    groups = model.param_groups()
    if cfg.name != "muon":
        return groups
    if len(groups) != 1:
        raise ConfigError(f"optim.name = muon: {type(model).__name__} trains {len(groups)} optimizers "
                          "of its own (a GAN?); Muon is for models with one")
    embeddings = {id(m.weight) for m in model.modules() if isinstance(m, torch.nn.Embedding)}
    matrices = [p for p in model.parameters()
                if p.ndim == 2 and p.requires_grad and id(p) not in embeddings]
    if not matrices:
        raise ConfigError(f"optim.name = muon: {type(model).__name__} has no 2-D weight matrices")
    chosen = {id(p) for p in matrices}
    rest, overrides = groups[0] if isinstance(groups[0], tuple) else (groups[0], {})
    muon = {"name": "muon", "lr": cfg.muon_lr}
    if cfg.muon_weight_decay is not None:
        muon["weight_decay"] = cfg.muon_weight_decay
    return [(matrices, muon),
            (_without(rest, chosen), {**overrides, "name": "adamw"})]


def _without(group, chosen: set[int]) -> list:
    """Parameters (or torch's dicts of parameters) minus ``chosen``."""
    items = list(group)
    if items and isinstance(items[0], dict):
        return [{**d, "params": [p for p in d["params"] if id(p) not in chosen]} for d in items]
    return [p for p in items if id(p) not in chosen]


def build_optimizer(cfg: OptimConfig, params) -> torch.optim.Optimizer:
    params = list(params)
    if cfg.name == "muon":
        return torch.optim.Muon(params, lr=cfg.lr, weight_decay=cfg.weight_decay,
                                momentum=cfg.muon_momentum)
    if cfg.name == "rmsprop":
        return torch.optim.RMSprop(params, lr=cfg.lr, momentum=cfg.momentum, weight_decay=cfg.weight_decay)
    if cfg.name == "sgd":
        return torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum, weight_decay=cfg.weight_decay)
    cls = torch.optim.AdamW if cfg.name == "adamw" else torch.optim.Adam
    return cls(params, lr=cfg.lr, betas=tuple(cfg.betas), weight_decay=cfg.weight_decay)


def lr_factor(step: int, total: int, cfg: OptimConfig) -> float:
    """Multiplier of the base learning rate at ``step``: linear warmup, then the schedule.

    ``cosine`` decays from 1 to ``min_lr_ratio`` along half a cosine; ``linear`` decays in a
    straight line to the same floor; ``constant`` stays at 1.
    """
    if cfg.warmup_steps and step < cfg.warmup_steps:
        return (step + 1) / cfg.warmup_steps
    if cfg.schedule == "constant" or total <= cfg.warmup_steps:
        return 1.0
    progress = min(1.0, (step - cfg.warmup_steps) / max(1, total - cfg.warmup_steps))
    floor = cfg.min_lr_ratio
    if cfg.schedule == "cosine":
        return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress))
    return floor + (1 - floor) * (1 - progress)


def build_scheduler(opt: torch.optim.Optimizer, total: int, cfg: OptimConfig):
    return torch.optim.lr_scheduler.LambdaLR(opt, lambda step: lr_factor(step, total, cfg))
