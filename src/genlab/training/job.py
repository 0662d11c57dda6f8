"""A training job from a config: data, model, run folder and trainer wired together.

This is what ``genlab train``, ``genlab demo`` and the benchmarks call; it is also the place
that reopens a finished run to sample from it or evaluate it again.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict

import torch

from genlab.config import RunConfig, validate
from genlab.errors import ConfigError, RunError
from genlab.models import model_class
from genlab.models.base import DataInfo
from genlab.run_folder.environment import collect as collect_environment
from genlab.run_folder.report import write_report
from genlab.run_folder.run_dir import RunDir
from genlab.training import checkpoint as ckpt
from genlab.training.device import pick_device, release_freed_memory, seed_everything
from genlab.training.optim import model_param_groups
from genlab.training.trainer import FitResult, Trainer, to_float


def prepare(cfg: RunConfig, world_size: int = 1) -> RunConfig:
    """Check the whole config before any data is loaded or anything is written, and return it
    with the model's defaults filled in (so the run folder says everything).

    The ``[model]`` table is validated by the model's typed config; settings that depend on the
    model are checked against it: gradient accumulation needs the standard training step, and
    must leave every process at least one example per slice. Checks that need the data's shape
    (an image side the network cannot halve) come in :func:`build_model`, still before the run
    folder is made."""
    cls = model_class(cfg.model["name"])
    model_cfg = cls.parse_config(cfg.model)
    accumulate = cfg.train.accumulate
    if accumulate > 1 and cls.manual_optimization:
        raise ConfigError(f"train.accumulate = {accumulate}: {cls.__name__} does its own optimization "
                          "(several optimizers); gradient accumulation works only with the standard "
                          "training step; set train.accumulate = 1")
    from genlab.training import privacy

    privacy.check(cfg, cls, world_size)
    per_process = cfg.data.batch_size // max(1, world_size)
    if accumulate > per_process:
        raise ConfigError(f"train.accumulate = {accumulate} is larger than the batch each process "
                          f"trains on ({per_process})")
    return validate({**cfg.to_dict(), "model": model_cfg.model_dump(mode="json", exclude_none=True)})


def load_data(cfg: RunConfig, splits=("train", "test")) -> list:
    """The model decides what its data is (images, or a tokenized corpus); see ``load_data``."""
    return model_class(cfg.model["name"]).load_data(cfg, splits)


def check_data(cfg: RunConfig, data: list) -> None:
    """Settings that depend on how much data there is (DP-SGD's delta < 1/N), checked once the
    data is loaded and before the run folder is made."""
    if cfg.train.dp_epsilon is not None:
        from genlab.training.privacy import check_delta

        check_delta(cfg.train, len(data[0]))


def build_model(cfg: RunConfig, info: DataInfo):
    """The model for data described by ``info``; shape problems and optimizer settings the model
    cannot take (Muon for a GAN's two optimizers) are one-line ConfigErrors here."""
    seed_everything(cfg.train.seed)  # the initial weights depend on the seed alone
    model = model_class(cfg.model["name"]).from_config(cfg.model, info)
    model_param_groups(model, cfg.optim)
    return model


def new_run(cfg: RunConfig, runs_root, name: str | None = None) -> RunDir:
    run = RunDir.create(runs_root, name or cfg.recipe)
    run.write_config(cfg.to_dict())
    return run


def train(cfg: RunConfig, run: RunDir, resume: bool = False, console=None, progress: bool = True,
          data: list | None = None, callbacks=(), model=None) -> FitResult:
    """Train (or resume) the run described by ``cfg`` in ``run``; write its report at the end.
    ``data`` and ``model``: already loaded and built (``genlab train`` does so before it makes the
    run folder, so that a bad dataset or shape leaves nothing behind)."""
    trainer = Trainer(cfg, run, console=console, progress=progress, callbacks=callbacks)
    main = trainer.dist.is_main
    try:
        cfg = trainer.cfg = prepare(cfg, trainer.dist.world_size)
        train_data, test_data = data or load_data(cfg)
        info = train_data.info()
        model = model if model is not None else build_model(cfg, info)
    except ConfigError as exc:  # refused before the first step: the run folder says why
        if main:
            run.update_info(status="failed", error=str(exc))
        raise
    if main:
        run.write_config(cfg.to_dict())
        run.update_info(status="running", model=cfg.model["name"], dataset=cfg.data.dataset,
                        data=asdict(info), environment=collect_environment(trainer.device),
                        key_metric=model.key_metric, seed=cfg.train.seed,
                        processes=trainer.dist.world_size,
                        data_checksums={"train": data_checksum(train_data), "test": data_checksum(test_data)})
    try:
        return trainer.fit(model, train_data, test_data, resume=resume)
    finally:
        if main:
            # the report needs only the run folder: let the model, optimizers and data go first
            trainer.release()
            del model, train_data, test_data, data
            release_freed_memory()
            _write_report_quietly(run)


def data_checksum(data) -> str | None:
    """sha256 of a dataset's tensors, so a run records exactly which data it saw."""
    tensors = getattr(data, "tensors", None)
    if tensors is None:
        return None
    digest = hashlib.sha256()
    for t in tensors():
        digest.update(t.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


def _write_report_quietly(run: RunDir) -> None:
    """The report must never hide the error that ended training (e.g. a full disk)."""
    try:
        write_report(run)
    except OSError as exc:
        import sys

        print(f"warning: could not write {run.report}: {exc.strerror or exc}", file=sys.stderr)


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
    data_info = DataInfo.from_dict(info)
    model = model_class(cfg.model["name"]).from_config(cfg.model, data_info)
    dev = pick_device(device)
    if ckpt.latest_checkpoint(run.checkpoints) is None:
        raise RunError(f"{run.path} has no checkpoint yet; train it first (genlab train)")
    ckpt.load_checkpoint(run.checkpoints, model, device=dev)
    model.to(dev).eval()
    return model, cfg


def check_dataset_matches(model, data) -> None:
    shape = tuple(data.info().shape)
    if tuple(model.data_info.shape) != shape:
        raise ConfigError(f"dataset {data.name!r} has examples of shape {shape} but the run "
                          f"was trained on {tuple(model.data_info.shape)}")


@torch.no_grad()
def evaluate_run(run: RunDir, iw_samples: int | None, dataset: str | None = None,
                 limit: int | None = None, device: str = "auto", batch_size: int | None = None):
    """Evaluate a run's newest checkpoint on its test split; log and report the metrics."""
    model, cfg = load_trained(run, device)
    overrides = {"dataset": dataset} if dataset else {}
    if limit:
        overrides["limit_test"] = limit
    cfg = cfg.model_copy(update={"data": cfg.data.model_copy(update=overrides)})
    [test] = load_data(cfg, splits=("test",))
    check_dataset_matches(model, test)
    test = test.to(model.device)
    size = batch_size or max(1, cfg.data.eval_batch_size // max(1, (iw_samples or 1) // 64))
    torch.manual_seed(cfg.train.seed + 1)
    options = {"iw_samples": iw_samples} if iw_samples is not None else {}
    metrics = model.evaluate((to_float(b) for b in test.eval_batches(size)), final=True, **options)
    step = run.read_info().get("step", 0)
    record = {"step": step, **{f"test/{k}": float(v) for k, v in metrics.items()},
              "evaluate": {**options, "dataset": test.name, "examples": len(test)}}
    run.log_metrics(record)
    write_report(run)
    return {f"test/{k}": float(v) for k, v in metrics.items()}
