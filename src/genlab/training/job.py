"""A training job from a config: data, model, run folder and trainer wired together.

This is what ``genlab train``, ``genlab demo`` and the benchmarks call; it is also the place
that reopens a finished run to sample from it or evaluate it again.
"""

from __future__ import annotations

from dataclasses import asdict

import torch

from genlab.config import RunConfig, validate
from genlab.data.images import ImageData, load_images
from genlab.errors import ConfigError, RunError
from genlab.models import model_class
from genlab.models.base import DataInfo
from genlab.runs.environment import collect as collect_environment
from genlab.runs.report import write_report
from genlab.runs.run_dir import RunDir
from genlab.training import checkpoint as ckpt
from genlab.training.device import pick_device, seed_everything
from genlab.training.trainer import FitResult, Trainer


def load_data(cfg: RunConfig) -> tuple[ImageData, ImageData]:
    d = cfg.data
    train = load_images(d.dataset, "train", d.data_dir, d.download, limit=d.limit_train)
    test = load_images(d.dataset, "test", d.data_dir, d.download, limit=d.limit_test)
    return train, test


def build_model(cfg: RunConfig, info: DataInfo):
    seed_everything(cfg.train.seed)  # the initial weights depend on the seed alone
    return model_class(cfg.model["name"]).from_config(cfg.model, info)


def new_run(cfg: RunConfig, runs_root, name: str | None = None) -> RunDir:
    run = RunDir.create(runs_root, name or cfg.recipe)
    run.write_config(cfg.to_dict())
    return run


def train(cfg: RunConfig, run: RunDir, resume: bool = False, console=None, progress: bool = True,
          data: tuple[ImageData, ImageData] | None = None) -> FitResult:
    """Train (or resume) the run described by ``cfg`` in ``run``; write its report at the end."""
    train_data, test_data = data or load_data(cfg)
    info = DataInfo(train_data.shape, train_data.num_classes, train_data.classes)
    model = build_model(cfg, info)
    # resolve the model's defaults into the saved config, so the run folder says everything
    cfg = validate({**cfg.to_dict(), "model": model.config.model_dump(mode="json")})
    run.write_config(cfg.to_dict())
    trainer = Trainer(cfg, run, console=console, progress=progress)
    run.update_info(status="running", model=cfg.model["name"], dataset=cfg.data.dataset,
                    data=asdict(info), environment=collect_environment(trainer.device),
                    key_metric=model.key_metric)
    try:
        return trainer.fit(model, train_data, test_data, resume=resume)
    finally:
        write_report(run)


def resume_config(run: RunDir, overrides: list[str]) -> RunConfig:
    from genlab.config import apply_overrides

    if ckpt.latest_checkpoint(run.checkpoints) is None:
        raise RunError(f"{run.path} has no checkpoint to resume from")
    return validate(apply_overrides(run.read_config(), overrides))


def load_trained(run: RunDir, device: str = "auto"):
    """The model of a run with its newest checkpoint loaded, ready to sample or evaluate."""
    cfg = validate(run.read_config())
    info = run.read_info().get("data")
    if not info:
        raise RunError(f"{run.path} has no run.json data description; was it made by genlab train?")
    data_info = DataInfo(tuple(info["shape"]), info["num_classes"], tuple(info.get("classes", ())))
    model = model_class(cfg.model["name"]).from_config(cfg.model, data_info)
    dev = pick_device(device)
    if ckpt.latest_checkpoint(run.checkpoints) is None:
        raise RunError(f"{run.path} has no checkpoint yet; train it first (genlab train)")
    ckpt.load_checkpoint(run.checkpoints, model, device=dev)
    model.to(dev).eval()
    return model, cfg


def check_dataset_matches(model, data: ImageData) -> None:
    if tuple(model.data_info.shape) != tuple(data.shape):
        raise ConfigError(f"dataset {data.name!r} has images of shape {tuple(data.shape)} but the run "
                          f"was trained on {tuple(model.data_info.shape)}")


@torch.no_grad()
def evaluate_run(run: RunDir, iw_samples: int | None, dataset: str | None = None,
                 limit: int | None = None, device: str = "auto", batch_size: int | None = None):
    """Evaluate a run's newest checkpoint on its test split; log and report the metrics."""
    model, cfg = load_trained(run, device)
    d = cfg.data
    test = load_images(dataset or d.dataset, "test", d.data_dir, d.download, limit=limit or d.limit_test)
    check_dataset_matches(model, test)
    test = test.to(model.device)
    size = batch_size or max(1, d.eval_batch_size // max(1, (iw_samples or 1) // 64))
    batches = ((test.float_images(slice(i, i + size)), test.labels[i:i + size])
               for i in range(0, len(test), size))
    torch.manual_seed(cfg.train.seed + 1)
    metrics = model.evaluate(batches, final=True, iw_samples=iw_samples)
    step = run.read_info().get("step", 0)
    record = {"step": step, **{f"test/{k}": float(v) for k, v in metrics.items()},
              "evaluate": {"iw_samples": iw_samples, "dataset": test.name, "examples": len(test)}}
    run.log_metrics(record)
    write_report(run)
    return {f"test/{k}": float(v) for k, v in metrics.items()}
