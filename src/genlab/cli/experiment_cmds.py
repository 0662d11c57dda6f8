"""Experiment commands: ``runs`` (list, show, compare, rm), ``sweep``, ``optimizers``, ``reproduce``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import List, Optional

import typer

from genlab.errors import ConfigError

runs_app = typer.Typer(help="List, inspect, compare and delete runs.", no_args_is_help=False)


def register(app: typer.Typer) -> None:
    app.add_typer(runs_app, name="runs")
    app.command("sweep")(sweep)
    app.command("optimizers")(optimizers)
    app.command("reproduce")(reproduce)


def _console():
    from rich.console import Console

    return Console()


def _fmt(value, digits=4) -> str:
    return "" if value is None else f"{value:.{digits}f}"


@runs_app.callback(invoke_without_command=True)
def runs_list(
    ctx: typer.Context,
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
    json_: bool = typer.Option(False, "--json"),
    all_: bool = typer.Option(False, "--all", help="also every trial run of every sweep"),
) -> None:
    """The runs table (name, model, dataset, status, steps, time, key metric), then the sweeps."""
    if ctx.invoked_subcommand:
        return
    from genlab.experiments.runs_table import all_runs, sweep_summaries
    from genlab.run_folder.run_dir import runs_root

    root = runs_root(runs_dir)
    rows, sweeps = all_runs(root, trials=all_), sweep_summaries(root)
    if json_:
        typer.echo(json.dumps({"runs": [r.as_dict() for r in rows], "sweeps": sweeps}, indent=2))
        return
    from rich.table import Table

    table = Table(title="runs")
    table.add_column("run", no_wrap=True)
    for column in ("model", "dataset", "status", "steps", "time", "key metric"):
        table.add_column(column)
    for r in rows:
        table.add_row(r.name, r.model, r.dataset, r.status, str(r.step), f"{r.seconds:.0f} s",
                      f"{r.key_metric.split('/')[-1]} {_fmt(r.value)}".strip())
    console = _console()
    console.print(table)
    if sweeps:
        table = Table("sweep", "trials", "ended", "results", title="sweeps")
        for s in sweeps:
            ended = ", ".join(f"{n} {status}" for status, n in sorted(s["statuses"].items()))
            table.add_row(s["sweep"], str(s["trials"]), ended, s["results"])
        console.print(table)
        if not all_:
            console.print("every trial as a run: genlab runs --all")


@runs_app.command("show")
def runs_show(run: str, runs_dir: Optional[Path] = typer.Option(None, "--runs-dir")) -> None:
    """One run: status, metrics, config, files."""
    from genlab.experiments.runs_table import flatten, summarize
    from genlab.run_folder.run_dir import RunDir

    target = RunDir.open(run, runs_dir)
    s = summarize(target)
    console = _console()
    console.print(f"[bold]{s.name}[/]  {s.model} on {s.dataset}, {s.status}, {s.step} steps, "
                  f"{s.seconds:.1f} s\n{target.path}")
    for key, value in target.final_metrics().items():
        console.print(f"  {key:<16} {value:.4f}")
    for key, value in flatten(target.read_config()).items():
        console.print(f"  [dim]{key} = {value}[/]")
    console.print(f"report: {target.report}")


@runs_app.command("compare")
def runs_compare(
    runs: List[str] = typer.Argument(..., help="two or more runs"),
    out: Optional[Path] = typer.Option(None, "--out", help="overlaid curves PNG (default: compare.png in the runs dir)"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Metric table, config differences and overlaid curves of several runs."""
    if len(runs) < 2:
        raise ConfigError("compare needs at least two runs")
    from rich.table import Table

    from genlab import api

    result = api.compare(*runs, out=out, runs_dir=runs_dir)
    names = [r.name for r in result.runs]
    table = Table("metric", *names, title="final metrics")
    for key, values in result.metrics.items():
        table.add_row(key, *[_fmt(v) for v in values])
    console = _console()
    console.print(table)
    diff = Table("setting", *names, title="config differences")
    for key, values in result.differences.items():
        diff.add_row(key, *[str(v) for v in values])
    console.print(diff)
    console.print(f"curves: {result.curves_path}")


@runs_app.command("rm")
def runs_rm(
    run: str,
    yes: bool = typer.Option(False, "--yes", "-y", help="do not ask"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Delete a run folder (asks first)."""
    from genlab.run_folder.run_dir import RunDir

    target = RunDir.open(run, runs_dir)
    if not yes and not typer.confirm(f"delete {target.path}?", default=False):
        typer.echo("kept")
        raise typer.Exit(1)
    shutil.rmtree(target.path)
    typer.echo(f"deleted {target.path}")


def sweep(
    recipe: Optional[str] = typer.Argument(None, help="recipe to sweep"),
    trials: int = typer.Option(20, min=1),
    param: List[str] = typer.Option([], "--param", help="key=loguniform:a:b | uniform:a:b | int:a:b | choice:x,y"),
    metric: str = typer.Option("test/nelbo", help="metric to optimize"),
    minimize: bool = typer.Option(True, "--minimize/--maximize"),
    minutes_per_trial: Optional[float] = typer.Option(2.0, "--minutes-per-trial"),
    set_: List[str] = typer.Option([], "--set", help="fixed overrides for every trial"),
    name: Optional[str] = typer.Option(None, help="sweep name (folder runs/sweeps/NAME); same name resumes"),
    storage: Optional[str] = typer.Option(None, help="Optuna storage URL (default: SQLite in the sweep folder)"),
    worker: bool = typer.Option(False, "--worker", help="join the study at --storage; stop when it has --trials finished"),
    heartbeat: int = typer.Option(30, min=1, help="seconds between a trial's heartbeats; a trial silent "
                                  "for 3 of them is marked failed"),
    pruning: bool = typer.Option(True, "--pruning/--no-pruning"),
    seed: int = typer.Option(0),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Hyperparameter search with Optuna (resumable, pruned, shareable between machines)."""
    if worker and not (storage and name):
        raise ConfigError("--worker needs the --storage URL and the --name of the study to join")
    if not recipe:
        raise ConfigError("name the recipe to sweep, e.g. genlab sweep vae --param optim.lr=loguniform:1e-4:1e-2")
    if not param:
        raise ConfigError("give at least one --param to search, e.g. --param optim.lr=loguniform:1e-4:1e-2")
    from genlab import api

    console = _console()
    summary = api.sweep(recipe, list(param), trials=trials, metric=metric, minimize=minimize,
                        minutes_per_trial=minutes_per_trial, set=list(set_), name=name,
                        storage=storage, worker=worker, pruning=pruning, seed=seed,
                        heartbeat=heartbeat, runs_dir=runs_dir, console=console).summary
    from rich.table import Table

    table = Table("trial", "state", metric, "params", title=f"sweep {Path(summary['folder']).name}")
    for row in summary["trials"]:
        table.add_row(str(row["number"]), row["state"], _fmt(row["value"]),
                      ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                                for k, v in row["params"].items()))
    console.print(table)
    if summary["best_written"]:
        console.print(f"best: trial {summary['best']['number']} ({metric} {summary['best']['value']:.4f}); "
                      f"train it with: genlab train {summary['folder']}/best.toml")
    console.print(f"sweep folder: {summary['folder']}")


def optimizers(
    recipe: str = typer.Argument("vae"),
    minutes: float = typer.Option(1.0, help="wall-clock cap per variant"),
    epochs: float = typer.Option(2.0, help="epochs per variant (schedules decay over these)"),
    variant: List[str] = typer.Option([], "--variant", help="subset of the variants (default: all)"),
    set_: List[str] = typer.Option([], "--set"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """The optimization lab: SGD, momentum, Adam, AdamW and LR schedules on one model."""
    from genlab import api

    console = _console()
    lab = api.optimizers(recipe, minutes=minutes, epochs=epochs, variants=list(variant) or None,
                         set=list(set_), runs_dir=runs_dir, console=console)
    folder, results = lab.folder, lab.results
    from rich.table import Table

    table = Table("variant", "status", "key metric", "steps", "seconds", title="optimizers")
    for r in results:
        table.add_row(r.name, r.status, _fmt(r.value), str(r.steps), f"{r.seconds:.1f}")
    console.print(table)
    console.print(f"results: {folder / 'results.md'}\ncurves: {folder / 'curves.png'}")


def reproduce(
    run: str,
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
    quiet: bool = typer.Option(False, "-q", "--quiet"),
) -> None:
    """Train a finished run's recorded config again and compare the results exactly."""
    from genlab.experiments.reproduce import reproduce as do_reproduce
    from genlab.run_folder.run_dir import RunDir, runs_root

    original = RunDir.open(run, runs_dir)
    console = _console()
    result = do_reproduce(original, runs_root(runs_dir), console=None if quiet else console)
    verdict = "bit-identical weights" if result["identical_weights"] else \
        f"weights differ (max abs difference {result['max_abs_diff']:.3g})"
    console.print(f"reproduction: {result['run']}\n{verdict}")
    for key, (a, b) in result["differences"].items():
        console.print(f"  differs: {key}: {a} -> {b}")
    if not result["identical_weights"]:
        raise typer.Exit(1)
