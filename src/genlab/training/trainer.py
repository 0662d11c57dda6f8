"""The one trainer: every model in genlab is trained by :class:`Trainer`.

It owns the engineering so that models stay science only: device and precision, seeds,
optimizers and learning-rate schedules, gradient clipping, the progress bar, periodic
evaluation with sample grids, the metrics log, atomic checkpoints and exact resume, a clean
stop on Ctrl-C, and a wall-clock budget. Models supply ``loss`` (or ``training_step``),
``evaluate`` and ``visualize`` (see :mod:`genlab.models.base`).

Exact resume: the batch order of epoch ``e`` depends only on (seed, e), evaluation runs
under a forked RNG, and a checkpoint stores every RNG state, so stopping at step k and resuming
gives the same parameters as never stopping.
"""

from __future__ import annotations

import math
import signal
import time
import warnings
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

import torch

from genlab.config import RunConfig
from genlab.errors import GenlabError, TrainingDiverged
from genlab.responsible import provenance
from genlab.run_folder.images import save_grid
from genlab.run_folder.gif import training_gifs
from genlab.run_folder.run_dir import RunDir
from genlab.training import checkpoint as ckpt
from genlab.training import distributed
from genlab.training.device import pick_device, rng_state, set_rng_state
from genlab.training.optim import build_optimizers, build_scheduler, model_param_groups


class TrainingInterrupted(GenlabError):
    exit_code = 130


@dataclass
class FitResult:
    status: str
    step: int
    metrics: dict[str, float] = field(default_factory=dict)
    train_seconds: float = 0.0


class StepContext:
    """Handed to ``model.training_step``: ``loss(batch)`` computes the model's loss (through
    DistributedDataParallel when several processes train), ``optimize(loss, i)`` does one
    update of optimizer i, and ``loss_and_optimize(batch)`` is the standard step of both,
    split into ``micro_batches`` when ``train.accumulate`` asks for gradient accumulation."""

    def __init__(self, optimizers, grad_clip, scaler, amp: bool = False, loss_fn=None,
                 sync_grads=None, micro_batches: int = 1):
        self.optimizers = optimizers
        self.amp = amp
        self.loss = loss_fn
        self._sync_grads = sync_grads
        self.grad_clip = grad_clip
        self.scaler = scaler
        self.micro_batches = micro_batches
        self._params = [[p for g in o.param_groups for p in g["params"]] for o in optimizers]

    def optimize(self, loss: torch.Tensor, index: int = 0) -> None:
        self.optimizers[index].zero_grad(set_to_none=True)
        self._backward(loss)
        self._update(index)

    def loss_and_optimize(self, batch):
        """The loss of ``batch`` and one update of every optimizer from its gradient (several
        optimizers here split one model's parameters, e.g. Muon for matrices, AdamW for the rest).

        Gradient accumulation: with ``micro_batches = m`` the batch is cut into m slices whose
        gradients add up before the single update. For a loss that is a mean over examples the
        update is the same as the whole batch's (up to rounding), while only one slice's
        activations are held at a time: less memory for a little speed.
        """
        every = range(len(self.optimizers))
        if self.micro_batches == 1:
            out = self.loss(batch)
            self._zero_grad(every)
            self._backward(out.loss)
            self._update(*every)
            return out
        n = batch[0].shape[0]
        slices = list(zip(*(t.tensor_split(self.micro_batches) if t.shape[:1] == (n,) else
                             [t] * self.micro_batches for t in batch)))
        self._zero_grad(every)
        total, logs = 0.0, {}
        for i, part in enumerate(slices):
            share = part[0].shape[0] / n
            last = i == len(slices) - 1
            no_sync = getattr(self.loss, "no_sync", None)  # DDP: all-reduce after the last slice
            with no_sync() if no_sync and not last else nullcontext():
                out = self.loss(part)
                self._backward(out.loss * share)
            total = total + out.loss.detach() * share
            for k, v in out.logs.items():
                logs[k] = logs.get(k, 0.0) + v.detach() * share
        self._update(*every)
        from genlab.models.base import LossOutput

        return LossOutput(total, logs)

    def _backward(self, loss: torch.Tensor) -> None:
        # backward runs outside autocast, in the dtypes the forward chose
        with torch.autocast(loss.device.type, enabled=False) if self.amp else nullcontext():
            (self.scaler.scale(loss) if self.scaler else loss).backward()

    def _zero_grad(self, indices) -> None:
        for i in indices:
            self.optimizers[i].zero_grad(set_to_none=True)

    def _update(self, *indices: int) -> None:
        """Average across processes, clip (one norm over all the updated parameters), step."""
        opts = [self.optimizers[i] for i in indices]
        params = [p for i in indices for p in self._params[i]]
        if self._sync_grads:
            self._sync_grads(params)
        if self.grad_clip:
            if self.scaler:
                for opt in opts:
                    self.scaler.unscale_(opt)
            torch.nn.utils.clip_grad_norm_(params, self.grad_clip)
        for opt in opts:
            if self.scaler:
                self.scaler.step(opt)
            else:
                opt.step()
        if self.scaler:
            self.scaler.update()


class Trainer:
    def __init__(self, config: RunConfig, run: RunDir, console=None, progress: bool = True,
                 callbacks=()):
        self.cfg = config
        self.run = run
        self.console = console
        self.dist = distributed.current()
        self.show_progress = progress and self.dist.is_main
        self.callbacks = list(callbacks)
        if config.train.tensorboard and self.dist.is_main:
            from genlab.run_folder.tensorboard import TensorBoardLogger

            self.callbacks.append(TensorBoardLogger(run))
        device = config.train.device
        if self.dist.enabled and device in ("auto", "cuda") and torch.cuda.is_available():
            device = f"cuda:{self.dist.local_rank}"
        self.device = pick_device(device)
        self._stop_reason: str | None = None

    # -- public --------------------------------------------------------------------------------
    def fit(self, model, train_data, test_data, resume: bool = False) -> FitResult:
        t = self.cfg.train
        if t.threads:
            torch.set_num_threads(t.threads)
        model.to(self.device)
        train_data, test_data = train_data.to(self.device), test_data.to(self.device)
        batches = train_data.batches(self.cfg.data.batch_size, seed=t.seed, rank=self.dist.rank,
                                     world_size=self.dist.world_size)
        self.steps_per_epoch = len(batches)
        self.total_steps = t.steps or math.ceil((t.epochs or 1e9) * self.steps_per_epoch)
        if t.steps is None and t.epochs is None:
            self.total_steps = 10**12  # only the time budget stops this run
        optimizers = build_optimizers(self.cfg.optim, model_param_groups(model, self.cfg.optim))
        self.privacy = None
        if t.dp_epsilon is not None:  # DP-SGD: per-example clipping and noise (genlab.training.privacy)
            from genlab.training.privacy import PrivateTraining

            self.privacy = PrivateTraining(t, len(train_data), self.cfg.data.batch_size, self.total_steps)
            optimizers = self.privacy.attach(model, optimizers)
        schedulers = [build_scheduler(o, self.total_steps, self.cfg.optim) for o in optimizers]
        scaler = torch.amp.GradScaler(self.device.type) if t.precision == "fp16" else None
        ctx = StepContext(optimizers, self.cfg.optim.grad_clip, scaler, amp=t.precision != "fp32",
                          micro_batches=t.accumulate, **self._parallel(model))
        self.model, self.optimizers, self.schedulers = model, optimizers, schedulers
        self.test_data = test_data
        self.step, self.elapsed_before = 0, 0.0
        if resume:
            self._restore()
        # every file written while training records this run (see genlab.responsible.provenance)
        with provenance.context(run=self.run.name, run_path=str(self.run.path.resolve()), model=self.cfg.model["name"], seed=t.seed):
            with self._signals(), self._progress() as bar:
                status = self._loop(batches, ctx, bar)
            return self._finish(status)

    def release(self) -> None:
        """Drop the model, optimizers and data after training, so their memory can be reused."""
        self.model = self.optimizers = self.schedulers = self.test_data = None

    def _parallel(self, model) -> dict:
        """How losses and gradients cross processes: DDP for models with the standard step; an
        explicit gradient average for models with their own ``training_step`` (GANs)."""
        if not self.dist.enabled:
            return {"loss_fn": model.loss}
        torch.manual_seed(self.cfg.train.seed + 7919 * self.dist.rank)  # different noise per rank
        if not model.manual_optimization:
            from torch.nn.parallel import DistributedDataParallel

            ddp = DistributedDataParallel(_LossOf(model))
            return {"loss_fn": ddp}
        return {"loss_fn": model.loss,
                "sync_grads": lambda params: distributed.average_gradients(params, self.dist)}

    # -- the loop ------------------------------------------------------------------------------
    def _loop(self, batches, ctx, bar) -> str:
        t = self.cfg.train
        eval_every = t.eval_every or self.steps_per_epoch
        ckpt_every = t.checkpoint_every or self.steps_per_epoch
        self._start = time.monotonic()
        window: dict[str, float] = {}
        window_steps = 0
        self.model.train()
        while self.step < self.total_steps:
            epoch, start = divmod(self.step, self.steps_per_epoch)
            for batch in batches.epoch(epoch, start):
                if self.step == 0 and self._wants_stop():  # a budget already spent
                    return self._stop_reason or "budget"
                out = self._train_step(to_float(batch), ctx)
                loss, stop = self._sync(out.loss, self._wants_stop())
                if not math.isfinite(loss):
                    self._diverged(loss)
                self.step += 1
                window_steps += 1
                logs = {k: float(v.detach() if torch.is_tensor(v) else v) for k, v in out.logs.items()}
                for key, value in {"loss": loss, **logs}.items():
                    window[key] = window.get(key, 0.0) + value
                if bar is not None:
                    bar.update(self._task, completed=self.step, loss=f"{loss:.4g}")
                if self.step % t.log_every == 0 or self.step == self.total_steps:
                    self._log_train(window, window_steps)
                    window, window_steps = {}, 0
                if self.step % eval_every == 0 and self.step < self.total_steps:
                    self.evaluate()
                if self.step % ckpt_every == 0:
                    self.save()
                if stop:
                    return self._stop_reason or "budget"
                if self.step >= self.total_steps:
                    break
        return "finished"

    def _wants_stop(self) -> bool:
        return bool(self._stop_reason) or self._over_budget()

    def _sync(self, loss: torch.Tensor, stop: bool) -> tuple[float, bool]:
        """The loss averaged over processes and whether any process wants to stop, so that all
        processes stop (or diverge) at the same step."""
        if not self.dist.enabled:
            return loss.item(), stop
        packed = torch.stack([loss.detach().float(), torch.tensor(float(stop), device=loss.device)])
        packed = distributed.all_mean(packed, self.dist)
        return packed[0].item(), bool(packed[1].item() > 0)

    def _train_step(self, batch, ctx):
        with self._autocast():
            out = self.model.training_step(batch, ctx)
        self.model.after_step()
        with warnings.catch_warnings():
            # schedules follow the global step, also for an optimizer that skipped this step
            # (a WGAN's generator trains every n-th step): PyTorch's order warning does not apply
            warnings.filterwarnings("ignore", message="Detected call of `lr_scheduler.step")
            for s in self.schedulers:
                s.step()
        return out

    def _finish(self, status: str) -> FitResult:
        path = self.save()
        if self.privacy is not None:
            self.privacy.detach()
            if self.dist.is_main:
                self.run.update_info(privacy=self.privacy.summary(self.step))
        if status == "interrupted":
            if self.dist.is_main:
                self.run.update_info(status="interrupted", step=self.step,
                                     train_seconds=self.train_seconds)
            raise TrainingInterrupted(f"interrupted at step {self.step}; checkpoint saved in {path}; "
                                      f"resume with: genlab train --resume {self.run.path}")
        metrics = self.evaluate(final=True)
        if self.dist.is_main:
            for gif in training_gifs(self.run.samples):  # fixed-noise grids played across training
                provenance.stamp(gif, step=self.step)
        if self.dist.is_main:
            self.run.update_info(status="finished", step=self.step, train_seconds=self.train_seconds,
                                 stopped_by=status, metrics=metrics)
        return FitResult("finished", self.step, metrics, self.train_seconds)

    # -- evaluation, logging, checkpoints -----------------------------------------------------
    @torch.no_grad()
    def evaluate(self, final: bool = False, **options) -> dict[str, float]:
        """Test metrics and sample grids; runs under a forked RNG so training is unaffected.
        With several processes only rank 0 evaluates."""
        if not self.dist.is_main:
            return {}
        was_training = self.model.training
        self.model.eval()
        devices = [self.device.index or 0] if self.device.type == "cuda" else []
        with torch.random.fork_rng(devices=devices), self._autocast():
            torch.manual_seed(self.cfg.train.seed + 1)
            metrics = self.model.evaluate(self.eval_batches(), final=final, **options)
            gen = torch.Generator().manual_seed(self.cfg.train.seed)
            first = next(iter(self.eval_batches()))
            grids = self.model.visualize(first, gen, self.cfg.train.num_samples)
            files = self.model.write_artefacts(first, gen, self.run.samples, self.step)
        for path in files or ():
            provenance.stamp(path, step=self.step)
        self.model.train(was_training)
        record = {"step": self.step, "epoch": round(self.step / self.steps_per_epoch, 3),
                  **{f"test/{k}": float(v) for k, v in metrics.items()}, "time": self.train_seconds}
        if final:
            record["final"] = True
        self.run.log_metrics(record)
        self._emit("on_evaluate", record)
        for kind, images in grids.items():
            save_grid(images.float(), self.run.samples / f"{kind}-step-{self.step:08d}.png", step=self.step)
        return {f"test/{k}": float(v) for k, v in metrics.items()}

    def eval_batches(self):
        for batch in self.test_data.eval_batches(self.cfg.data.eval_batch_size):
            yield to_float(batch)

    def _log_train(self, window: dict[str, float], n: int) -> None:
        record = {"step": self.step, "epoch": round(self.step / self.steps_per_epoch, 3)}
        record.update({f"train/{k}": v / n for k, v in window.items()})
        record["lr"] = self.optimizers[0].param_groups[0]["lr"]
        if self.privacy is not None:
            record["dp_epsilon"] = round(self.privacy.epsilon(self.step), 4)
        record["time"] = round(self.train_seconds, 3)
        if self.dist.is_main:
            self.run.log_metrics(record)
            self._emit("on_log", record)

    def _emit(self, event: str, record: dict) -> None:
        for callback in self.callbacks:
            hook = getattr(callback, event, None)
            if hook:
                hook(self, record)

    def save(self):
        """Write a checkpoint (rank 0 only); returns its folder."""
        if not self.dist.is_main:
            return self.run.checkpoints / f"step-{self.step:08d}"
        state = {
            "step": self.step,
            "train_seconds": self.train_seconds,
            "optimizers": [o.state_dict() for o in self.optimizers],
            "schedulers": [s.state_dict() for s in self.schedulers],
            "rng": rng_state(),
        }
        return ckpt.save_checkpoint(self.run.checkpoints, self.step, self.model, state,
                                    keep=self.cfg.train.keep_checkpoints)

    def _restore(self) -> None:
        state = ckpt.load_checkpoint(self.run.checkpoints, self.model, device=self.device)
        for opt, s in zip(self.optimizers, state["optimizers"]):
            opt.load_state_dict(s)
        for sched, s in zip(self.schedulers, state["schedulers"]):
            sched.load_state_dict(s)
        set_rng_state(state["rng"])
        self.step = int(state["step"])
        self.elapsed_before = float(state["train_seconds"])
        self.run.truncate_metrics_after(self.step)

    def _diverged(self, loss: float) -> None:
        last = ckpt.latest_checkpoint(self.run.checkpoints)
        if self.dist.is_main:
            self.run.update_info(status="diverged", step=self.step)
        where = f"last good checkpoint: {last}" if last else "no checkpoint was saved before it"
        raise TrainingDiverged(f"loss became {loss} at step {self.step + 1}; training stopped and "
                               f"nothing after it was saved; {where}; try a lower learning rate "
                               "(--set optim.lr=...) or --set optim.grad_clip=1.0")

    # -- time, signals, precision, progress ----------------------------------------------------
    @property
    def train_seconds(self) -> float:
        start = getattr(self, "_start", None)
        return self.elapsed_before + (time.monotonic() - start if start else 0.0)

    def _over_budget(self) -> bool:
        minutes = self.cfg.train.minutes
        return minutes is not None and self.train_seconds >= minutes * 60

    @contextmanager
    def _signals(self):
        """First Ctrl-C (or SIGTERM): finish the step, save, exit. A second one: stop at once."""
        def handler(signum, frame):
            if self._stop_reason:
                raise KeyboardInterrupt
            self._stop_reason = "interrupted"

        try:
            old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
        except ValueError:  # not the main thread: no signal handling
            old = {}
        try:
            yield
        finally:
            for s, h in old.items():
                signal.signal(s, h)

    def _autocast(self):
        p = self.cfg.train.precision
        if p == "fp32":
            return nullcontext()
        dtype = torch.bfloat16 if p == "bf16" else torch.float16
        return torch.autocast(self.device.type, dtype=dtype)

    @contextmanager
    def _progress(self):
        if not self.show_progress:
            yield None
            return
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        total = self.total_steps if self.total_steps < 10**12 else None
        columns = [TextColumn("[bold blue]{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("loss {task.fields[loss]}"), TimeElapsedColumn(), TimeRemainingColumn()]
        with Progress(*columns, console=self.console, transient=False) as bar:
            self._task = bar.add_task(f"{self.cfg.model['name']} ", total=total,
                                      completed=self.step, loss="-")
            yield bar


class _LossOf(torch.nn.Module):
    """Wraps a model so that DistributedDataParallel's forward is the model's loss."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, batch):
        return self.model.loss(batch)


def to_float(batch):
    """uint8 image tensors become float32 in [0, 1]; other tensors pass through unchanged."""
    return tuple(t.float().div_(255.0) if t.dtype == torch.uint8 else t for t in batch)
