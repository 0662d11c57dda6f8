"""Hyperparameter sweeps with Optuna: one study in SQLite, each trial a normal genlab run.

A sweep lives in ``runs/sweeps/<name>/``: ``study.db`` (the Optuna study; run the same command
again to resume it after Ctrl-C or a crash), ``trials/`` (one run folder per trial),
``results.md``, ``best.toml`` (the best config as a recipe for ``genlab train``) and two plots.
Each evaluation reports the metric to Optuna, and the median pruner stops trials that are worse
than the median of earlier trials at the same step. ``--storage`` takes any database URL that
Optuna accepts (PostgreSQL for workers on several machines), so workers share one study
(``--worker``): ``--trials`` is then the study's total of finished trials, each worker sends a
heartbeat, and a trial whose worker died (kill -9, a lost machine) is marked failed once its
heartbeat is older than three intervals. The last worker to finish writes ``best.toml``.
A trial that fails for its own sampled values (a NaN loss, a value its model refuses) is marked
failed with a one-line reason and the sweep goes on; a problem every trial would share (a bad
recipe, a missing dataset) stops the sweep before or at its first trial.
"""

from __future__ import annotations

import math
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from genlab.config import apply_overrides, read_recipe, validate
from genlab.errors import ConfigError, DataError, GenlabError
from genlab.toml import literal


@dataclass(frozen=True)
class ParamSpec:
    """One searched setting, from ``key=kind:args``: ``loguniform:1e-4:1e-2``, ``uniform:0:1``,
    ``int:1:8``, ``choice:8,16,32``."""

    key: str
    kind: str
    args: tuple

    @classmethod
    def parse(cls, text: str) -> "ParamSpec":
        key, sep, spec = text.partition("=")
        kind, _, rest = spec.partition(":")
        if not sep or not key.strip() or not rest:
            raise ConfigError(f"malformed --param {text!r}; use e.g. optim.lr=loguniform:1e-4:1e-2 "
                              "or model.latent_dim=choice:8,16,32")
        try:
            if kind in ("loguniform", "uniform", "int"):
                low, high = rest.split(":")
                cast = int if kind == "int" else float
                args = (cast(low), cast(high))
                if not args[0] < args[1] or (kind == "loguniform" and args[0] <= 0):
                    raise ValueError
            elif kind == "choice":
                from genlab.config import parse_override

                args = tuple(parse_override(f"v={v}")[1] for v in rest.split(","))
            else:
                raise ConfigError(f"--param {text!r}: unknown kind {kind!r}; use loguniform, "
                                  "uniform, int or choice")
        except ValueError:
            raise ConfigError(f"--param {text!r}: bad range; need low < high (and low > 0 for "
                              "loguniform)") from None
        return cls(key.strip(), kind, args)

    def suggest(self, trial) -> Any:
        if self.kind == "loguniform":
            return trial.suggest_float(self.key, *self.args, log=True)
        if self.kind == "uniform":
            return trial.suggest_float(self.key, *self.args)
        if self.kind == "int":
            return trial.suggest_int(self.key, *self.args)
        return trial.suggest_categorical(self.key, list(self.args))


class PruneOnEvaluate:
    """Trainer callback: report each evaluation to Optuna and stop the trial if pruned."""

    def __init__(self, trial, metric: str):
        self.trial, self.metric = trial, metric

    def on_evaluate(self, trainer, record: dict) -> None:
        import optuna

        value = record.get(self.metric)
        if value is None or record.get("final"):
            return
        self.trial.report(value, record["step"])
        if self.trial.should_prune():
            trainer.run.update_info(status="pruned", step=record["step"])
            raise optuna.TrialPruned(f"pruned at step {record['step']}")


@dataclass
class SweepSettings:
    recipe: str
    params: list[ParamSpec]
    metric: str
    minimize: bool = True
    trials: int = 20
    minutes_per_trial: float | None = 2.0
    overrides: tuple[str, ...] = ()
    storage: str | None = None
    name: str | None = None
    pruning: bool = True
    worker: bool = False
    seed: int = 0
    heartbeat: int = 30   # seconds between a running trial's heartbeats; stale after 3 of them


def sweep_dir(root: Path, settings: SweepSettings) -> Path:
    return root / "sweeps" / (settings.name or settings.recipe)


def run_sweep(settings: SweepSettings, root: Path, console=None) -> dict[str, Any]:
    import optuna

    from genlab.training import job

    # a failed trial is reported in one line by _objective, not by Optuna with a traceback
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    base = apply_overrides(read_recipe(settings.recipe), list(settings.overrides))
    job.prepare(validate(base))  # a bad recipe or override fails before any trial starts
    folder = sweep_dir(root, settings)
    folder.mkdir(parents=True, exist_ok=True)
    study = _study(settings, folder)
    finished = (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)
    # a worker counts the study's finished trials, whoever ran them (failed ones are retried)
    done = [t for t in study.trials if (t.state in finished if settings.worker else t.state.is_finished())]
    remaining = max(0, settings.trials - len(done))
    stop = [optuna.study.MaxTrialsCallback(settings.trials, states=finished)] if settings.worker else []
    data_cache: dict = {}
    # a DataError is not caught: a missing dataset stops the sweep (every trial would fail)
    study.optimize(lambda trial: _objective(trial, settings, base, folder, data_cache, console),
                   n_trials=remaining, catch=(TrialFailed,), callbacks=stop)
    if settings.worker:
        return _finish_worker(study, settings, folder, base, console)
    return write_results(study, settings, folder, base)


def _finish_worker(study, settings: SweepSettings, folder: Path, base: dict, console) -> dict[str, Any]:
    """Fail the trials of dead workers (stale heartbeats); write best.toml only if no other
    worker is still running a trial, so that the study's last worker writes it once."""
    import optuna

    optuna.storages.fail_stale_trials(study)
    running = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.RUNNING,))
    if running:
        if console:
            console.print(f"{len(running)} trial(s) still running in other workers; the last worker "
                          "to finish writes best.toml")
        return summarize(study, folder)
    return write_results(study, settings, folder, base)


def _study(settings: SweepSettings, folder: Path):
    import optuna

    with warnings.catch_warnings():  # heartbeats are marked experimental in Optuna
        warnings.simplefilter("ignore")
        storage = _storage(settings.storage or f"sqlite:///{folder / 'study.db'}", settings.heartbeat)
    pruner = optuna.pruners.MedianPruner(n_startup_trials=3) if settings.pruning else optuna.pruners.NopPruner()
    study = optuna.create_study(study_name=settings.name or settings.recipe, storage=storage,
                                direction="minimize" if settings.minimize else "maximize",
                                # workers sharing a seed would all try the same first values
                                sampler=optuna.samplers.TPESampler(seed=None if settings.worker else settings.seed),
                                pruner=pruner, load_if_exists=True)
    if not settings.worker:  # a crashed earlier run left trials marked running: fail them
        for trial in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.RUNNING,)):
            study._storage.set_trial_state_values(trial._trial_id, optuna.trial.TrialState.FAIL)
    return study


def _storage(url: str, heartbeat: int):
    """Optuna's database storage, with one-line errors for a missing driver or server."""
    import optuna
    import sqlalchemy.exc

    if heartbeat < 1:
        raise ConfigError(f"--heartbeat must be at least 1 second, got {heartbeat}")
    try:
        return optuna.storages.RDBStorage(url, heartbeat_interval=heartbeat, grace_period=3 * heartbeat)
    except ImportError:  # Optuna's message for a missing driver
        hint = ": pip install 'genlab[sweeps]' (psycopg)" if url.startswith("postgres") else ""
        raise ConfigError(f"--storage {_safe(url)}: this database's driver is not installed{hint}") from None
    except (sqlalchemy.exc.SQLAlchemyError, ValueError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise ConfigError(f"--storage {_safe(url)}: {reason}") from None


def _safe(url: str) -> str:
    """The URL without its password, for error messages."""
    import re

    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


class TrialFailed(Exception):
    """A trial that failed for its own sampled values; the sweep goes on."""


def _objective(trial, settings: SweepSettings, base: dict, folder: Path, data_cache: dict, console):
    try:
        return _train_trial(trial, settings, base, folder, data_cache, console)
    except DataError:
        raise
    except (GenlabError, RuntimeError, ValueError) as exc:
        if console:
            console.print(f"trial {trial.number} failed: {exc}", markup=False)
        raise TrialFailed(str(exc)) from None


def _train_trial(trial, settings: SweepSettings, base: dict, folder: Path, data_cache: dict, console):
    from genlab.training import job
    from genlab.training.trainer import TrainingInterrupted

    chosen = [f"{p.key}={literal(p.suggest(trial))}" for p in settings.params]
    shown = [c if len(c) < 30 else c[:28] + "…" for c in chosen]
    budget = [f"train.minutes={settings.minutes_per_trial}"] if settings.minutes_per_trial else []
    cfg = job.prepare(validate(apply_overrides(base, chosen + budget)))
    key = (cfg.model["name"], cfg.data.dataset, cfg.data.limit_train, cfg.data.limit_test)
    if key not in data_cache:
        data_cache[key] = job.load_data(cfg)   # before the trial's run folder: a DataError stops
    run = job.new_run(cfg, folder / "trials", f"trial-{trial.number:03d}")
    trial.set_user_attr("run", str(run.path))
    if console:
        console.print(f"trial {trial.number}: {' '.join(shown)}")
    try:
        result = job.train(cfg, run, progress=False, data=data_cache[key],
                           callbacks=[PruneOnEvaluate(trial, settings.metric)] if settings.pruning else [])
    except TrainingInterrupted:
        raise KeyboardInterrupt from None  # Ctrl-C stops the sweep; the same command resumes it
    if settings.metric not in result.metrics:
        raise ConfigError(f"metric {settings.metric!r} not among {sorted(result.metrics)}")
    value = result.metrics[settings.metric]
    if not math.isfinite(value):
        raise ValueError(f"metric {settings.metric} is {value}")
    return value


def summarize(study, folder: Path) -> dict[str, Any]:
    """Every trial of the study (number, state, value, params, run folder); best not written."""
    rows = [{"number": t.number, "state": t.state.name.lower(), "value": t.value,
             "params": t.params, "run": t.user_attrs.get("run", "")} for t in study.trials]
    return {"folder": str(folder), "trials": rows, "best": None, "best_written": False}


def write_results(study, settings: SweepSettings, folder: Path, base: dict) -> dict[str, Any]:
    """results.md, best.toml and the plots; returns a summary."""
    import tomli_w

    from genlab.fileio import write_atomic

    summary = summarize(study, folder)
    rows = summary["trials"]
    lines = [f"# Sweep {folder.name}: {settings.metric} ({'min' if settings.minimize else 'max'})", "",
             "| trial | state | value | params |", "|---|---|---|---|"]
    for r in rows:
        value = "" if r["value"] is None else f"{r['value']:.4f}"
        params = ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in r["params"].items())
        lines.append(f"| {r['number']} | {r['state']} | {value} | {params} |")
    write_atomic(folder / "results.md", "\n".join(lines) + "\n")
    completed = [t for t in study.trials if t.state.name == "COMPLETE"]
    if completed:
        best = study.best_trial
        table = apply_overrides(base, [f"{k}={literal(v)}" for k, v in best.params.items()])
        table["description"] = (f"best of sweep {folder.name}: {settings.metric} = {best.value:.4f} "
                                f"(trial {best.number})")
        table["recipe"] = f"{folder.name}-best"
        write_atomic(folder / "best.toml", tomli_w.dumps(validate(table).to_dict()))
        summary["best"] = {"number": best.number, "value": best.value, "params": best.params}
        summary["best_written"] = True
        _plots(study, folder, len(completed))
    return summary


def _plots(study, folder: Path, completed: int) -> None:
    import matplotlib

    if "ipykernel" not in sys.modules:  # headless files; in a notebook keep its inline backend
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from optuna.visualization import matplotlib as ovm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ax = ovm.plot_optimization_history(study)
        ax.figure.tight_layout()
        ax.figure.savefig(folder / "history.png", dpi=90)
        plt.close("all")
        if completed >= 2 and len(study.best_trial.params) >= 1:
            try:
                ax = ovm.plot_param_importances(study)
                ax.figure.tight_layout()
                ax.figure.savefig(folder / "importances.png", dpi=90)
            except (RuntimeError, ValueError):  # e.g. every trial chose the same values
                pass
            plt.close("all")
