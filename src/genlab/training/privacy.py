"""Differentially private training (DP-SGD, Abadi et al. 2016) through Opacus.

An ordinary step averages the batch's gradient, so one unusual training example can move the
weights a lot, and what the weights remember about it can be attacked (see ``genlab audit``'s
membership inference). DP-SGD bounds every example's influence:

1. compute each example's gradient separately (Opacus' per-sample gradient hooks);
2. clip each one to norm at most C (``train.dp_max_grad_norm``);
3. add Gaussian noise of standard deviation sigma * C to their sum, then average.

A privacy accountant turns (sigma, the sampling rate B/N, the number of steps) into the
guarantee (epsilon, delta): whether or not any one example was in the training set, the
probability of any outcome changes by at most a factor e^epsilon, except with probability delta.
Here the user asks for an epsilon (``train.dp_epsilon``) and genlab finds the sigma that spends
exactly that budget over the run's planned steps (Opacus' ``get_noise_multiplier``, PRV
accountant), so the run must say how long it is (epochs or steps, not minutes only).

What is approximated, and said so: the accountant assumes each batch is a Poisson sample of the
data with rate B/N; genlab draws shuffled fixed-size batches, as most DP-SGD code in practice
does. The guarantee covers the weights; the training metrics logged on the way (the loss
curve) are not privatised.
"""

from __future__ import annotations

import warnings

from genlab.errors import ConfigError

ACCOUNTANT = "prv"


def check(cfg, model_cls, world_size: int = 1) -> None:
    """One-line ConfigErrors for settings DP-SGD cannot take (called by ``job.prepare``)."""
    t = cfg.train
    if t.dp_epsilon is None:
        for key in ("dp_delta", "dp_max_grad_norm"):
            if getattr(t, key) != type(t).model_fields[key].default:
                raise ConfigError(f"train.{key} is set but train.dp_epsilon is not: set the privacy "
                                  "budget with --set train.dp_epsilon=E to train with DP-SGD")
        return
    problem = model_cls.dp_problem(model_cls.parse_config(cfg.model))
    if problem:
        raise ConfigError(f"train.dp_epsilon: {problem}")
    if t.steps is None and t.epochs is None:
        raise ConfigError("train.dp_epsilon needs the run's length in advance (train.epochs or train.steps): "
                          "the noise is set so that the whole run spends the budget")
    if world_size > 1:
        raise ConfigError("train.dp_epsilon: DP-SGD trains in one process here (no torchrun)")
    if t.precision != "fp32" or t.accumulate != 1:
        raise ConfigError("train.dp_epsilon: DP-SGD needs train.precision = 'fp32' and train.accumulate = 1")
    if cfg.optim.grad_clip is not None:
        raise ConfigError("optim.grad_clip has no use with DP-SGD: every example's gradient is clipped "
                          "to train.dp_max_grad_norm instead; remove optim.grad_clip")
    if cfg.optim.name == "muon":
        raise ConfigError("train.dp_epsilon: DP-SGD works with adam, adamw, sgd and rmsprop, not muon")


def check_delta(train_cfg, dataset_size: int) -> None:
    """delta must be below 1/N: a mechanism that publishes one random example outright already
    has delta = 1/N, so a larger delta promises nothing."""
    if train_cfg.dp_epsilon is not None and not train_cfg.dp_delta < 1 / dataset_size:
        raise ConfigError(f"train.dp_delta = {train_cfg.dp_delta:g} must be below 1 / (training examples) = "
                          f"{1 / dataset_size:.2g}, or the guarantee allows leaking one example outright")


class PrivateTraining:
    """Per-example clipping and noise on a model's optimizer, and the privacy spent so far."""

    def __init__(self, train_cfg, dataset_size: int, batch_size: int, total_steps: int):
        from opacus.accountants.utils import get_noise_multiplier

        self.epsilon_target = train_cfg.dp_epsilon
        self.delta = train_cfg.dp_delta
        self.max_grad_norm = train_cfg.dp_max_grad_norm
        self.batch_size = min(batch_size, dataset_size)
        self.sample_rate = self.batch_size / dataset_size
        self.total_steps = total_steps
        check_delta(train_cfg, dataset_size)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # Opacus' notes on the accountant's search range
            self.noise_multiplier = get_noise_multiplier(
                target_epsilon=self.epsilon_target, target_delta=self.delta,
                sample_rate=self.sample_rate, steps=total_steps, accountant=ACCOUNTANT)

    def attach(self, model, optimizers: list) -> list:
        """Hook per-sample gradients into ``model`` and wrap its optimizer in Opacus' DPOptimizer."""
        from opacus import GradSampleModule
        from opacus.optimizers import DPOptimizer

        if len(optimizers) != 1:
            raise ConfigError("DP-SGD needs a model trained by one optimizer")
        # the hooks fire on a first layer whose input needs no gradient: expected, not a problem
        warnings.filterwarnings("ignore", message="Full backward hook is firing")
        self.hooks = GradSampleModule(model, batch_first=True, loss_reduction="mean")
        return [DPOptimizer(optimizers[0], noise_multiplier=self.noise_multiplier,
                            max_grad_norm=self.max_grad_norm, expected_batch_size=self.batch_size,
                            loss_reduction="mean")]

    def epsilon(self, steps: int) -> float:
        """The epsilon spent after ``steps`` updates (at this run's delta)."""
        from opacus.accountants import create_accountant

        if steps == 0:
            return 0.0
        accountant = create_accountant(ACCOUNTANT)
        accountant.history = [(self.noise_multiplier, self.sample_rate, steps)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return float(accountant.get_epsilon(delta=self.delta))

    def summary(self, steps: int) -> dict:
        """What ``run.json`` records under ``privacy``."""
        return {"epsilon": self.epsilon(steps), "target_epsilon": self.epsilon_target, "delta": self.delta,
                "noise_multiplier": self.noise_multiplier, "max_grad_norm": self.max_grad_norm,
                "sample_rate": self.sample_rate, "steps": steps, "accountant": ACCOUNTANT,
                "library": "opacus"}

    def detach(self) -> None:
        self.hooks.remove_hooks() if hasattr(self, "hooks") else None
