"""The optimization lab: one model, several optimizers and schedules, one time budget each.

Milestone 10 asks a learner to experiment with optimization techniques. Here the same recipe
is trained with plain SGD, SGD with momentum, Adam, AdamW and Adam with two learning-rate
schedules; every variant gets the same epochs and the same wall-clock cap, and the result is
one table and one plot of the test metric against time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from genlab.config import load_config
from genlab.errors import GenlabError

#: name -> overrides of the recipe; learning rates are typical starting points for each method
VARIANTS: dict[str, list[str]] = {
    "sgd": ["optim.name=\"sgd\"", "optim.lr=1e-3", "optim.momentum=0.0"],
    "sgd-momentum": ["optim.name=\"sgd\"", "optim.lr=1e-3", "optim.momentum=0.9"],
    "adam": ["optim.name=\"adam\""],
    "adamw": ["optim.name=\"adamw\"", "optim.weight_decay=0.01"],
    "adam-cosine": ["optim.name=\"adam\"", "optim.lr=3e-3", "optim.schedule=\"cosine\"",
                    "optim.warmup_steps=100"],
    "adam-linear": ["optim.name=\"adam\"", "optim.lr=3e-3", "optim.schedule=\"linear\""],
}


@dataclass
class VariantResult:
    name: str
    status: str
    value: float | None
    steps: int
    seconds: float
    run: Path | None


def run_lab(recipe: str, root: Path, minutes: float, epochs: float, variants: list[str],
            overrides: list[str], console=None) -> tuple[Path, list[VariantResult]]:
    from genlab.run_folder.run_dir import RunDir
    from genlab.training import job

    folder = root / f"optimizers-{recipe}-{datetime.now():%Y%m%d-%H%M%S}"
    results, data = [], None
    for name in variants:
        cfg = load_config(recipe, overrides + VARIANTS[name] +
                          [f"train.epochs={epochs}", f"train.minutes={minutes}"])
        data = data or job.load_data(cfg)
        run = job.new_run(cfg, folder, name)
        if console:
            console.print(f"[bold]{name}[/]: {' '.join(VARIANTS[name]) or 'recipe defaults'}")
        key = None
        try:
            result = job.train(cfg, run, progress=console is not None, data=data, console=console)
            key = RunDir(run.path).read_info().get("key_metric")
            results.append(VariantResult(name, "finished", result.metrics.get(key), result.step,
                                         result.train_seconds, run.path))
        except GenlabError as exc:  # a diverging optimizer is a result, not a crash
            info = run.read_info()
            results.append(VariantResult(name, info.get("status", "failed"), None,
                                         int(info.get("step", 0)), 0.0, run.path))
            if console:
                console.print(f"[red]{name}: {exc}[/]")
    write_outputs(folder, results)
    return folder, results


def write_outputs(folder: Path, results: list[VariantResult]) -> None:
    from genlab.experiments.runs_table import overlay_curves
    from genlab.fileio import write_atomic
    from genlab.run_folder.run_dir import RunDir

    lines = ["| variant | status | key metric | steps | seconds |", "|---|---|---|---|---|"]
    for r in results:
        value = "" if r.value is None else f"{r.value:.4f}"
        lines.append(f"| {r.name} | {r.status} | {value} | {r.steps} | {r.seconds:.1f} |")
    write_atomic(folder / "results.md", "\n".join(lines) + "\n")
    runs = [RunDir(r.run) for r in results if r.run]
    overlay_curves(runs, folder / "curves.png")
