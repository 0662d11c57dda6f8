"""Lab commands: ``train``, ``demo``, ``sample``, ``evaluate`` and ``recipes``.

torch is imported inside the commands only, so registering them costs nothing at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from genlab.errors import ConfigError

DEMO_MINUTES = 1.5


def register(app: typer.Typer) -> None:
    app.command("train")(train)
    app.command("demo")(demo)
    app.command("sample")(sample)
    app.command("evaluate")(evaluate)
    app.command("recipes")(recipes)


def _console():
    from rich.console import Console

    return Console(stderr=False)


def train(
    recipe: Optional[str] = typer.Argument(None, help="recipe name (see 'genlab recipes') or a .toml file"),
    dataset: Optional[str] = typer.Option(None, help="fashion-mnist, mnist or digits"),
    epochs: Optional[float] = typer.Option(None, help="passes over the training set"),
    steps: Optional[int] = typer.Option(None, help="optimizer steps (overrides --epochs)"),
    minutes: Optional[float] = typer.Option(None, help="wall-clock budget for training"),
    batch_size: Optional[int] = typer.Option(None, "--batch-size"),
    lr: Optional[float] = typer.Option(None, "--lr", help="learning rate"),
    seed: Optional[int] = typer.Option(None),
    device: Optional[str] = typer.Option(None, help="auto, cpu, cuda, cuda:N or mps"),
    precision: Optional[str] = typer.Option(None, help="fp32, bf16 or fp16 (autocast)"),
    set_: List[str] = typer.Option([], "--set", help="override: section.key=value (repeatable)"),
    name: Optional[str] = typer.Option(None, help="run name (default: the recipe's)"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir", help="default: $GENLAB_RUNS or ./runs"),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help="folder with the dataset files"),
    download: Optional[bool] = typer.Option(None, "--download/--no-download",
                                            help="allow downloading missing datasets"),
    resume: Optional[str] = typer.Option(None, help="continue this run from its last checkpoint"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
    tensorboard: Optional[bool] = typer.Option(None, "--tensorboard", help="also write TensorBoard logs"),
) -> None:
    """Train a model from a recipe, with live progress, checkpoints and a report.

    Several processes: torchrun --nproc-per-node N -m genlab train ... (DDP)."""
    from genlab import api

    console = _console()
    run = api.train(recipe or "vae", dataset=dataset, epochs=epochs, steps=steps, minutes=minutes,
                    batch_size=batch_size, lr=lr, seed=seed, device=device, precision=precision,
                    set=list(set_), name=name, runs_dir=runs_dir, data_dir=data_dir,
                    download=download, resume=resume, quiet=quiet, tensorboard=tensorboard,
                    console=console)
    _print_result(console, run)


def demo(
    minutes: float = typer.Option(DEMO_MINUTES, help="training budget"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir"),
) -> None:
    """The main job: a VAE on Fashion-MNIST for about a minute, then its metrics and report."""
    from genlab.errors import DataError

    console = _console()
    from genlab import api

    # 20 epochs take about a minute on a 2-core CPU; the time budget caps slower machines
    settings = {"epochs": 20, "minutes": minutes, "data_dir": data_dir}
    try:
        from genlab.data.images import load_images

        load_images("fashion-mnist", "test", data_dir)
    except DataError as exc:
        console.print(f"[yellow]Fashion-MNIST is not available ({exc}).[/]\n"
                      "Falling back to scikit-learn's embedded 8x8 digits. To get Fashion-MNIST: "
                      "sudo apt-get install dataset-fashion-mnist, or run "
                      "'genlab train vae --download' once while online.")
        settings.update(dataset="digits", batch_size=64, epochs=200)
    run = api.train("vae", **settings, name="demo", runs_dir=runs_dir, console=console)
    _print_result(console, run)


def sample(
    run: str = typer.Argument(..., help="run folder, its name under runs/, or 'last'"),
    n: int = typer.Option(64, "-n", help="number of samples"),
    out: Path = typer.Option(Path("samples.png"), "--out", "-o", help="PNG file to write"),
    seed: int = typer.Option(0),
    class_: Optional[int] = typer.Option(None, "--class", help="sample this class (conditional models)"),
    guidance: Optional[float] = typer.Option(None, help="guidance scale w instead of the run's (cvae, diffusion)"),
    steps: Optional[int] = typer.Option(None, help="sampling steps (diffusion, flow-matching)"),
    sampler: Optional[str] = typer.Option(None, help="diffusion: ddim | ddpm; flow-matching: euler | midpoint"),
    temperature: Optional[float] = typer.Option(None, help="latent temperature (realnvp, vqvae)"),
    device: str = typer.Option("auto"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Draw samples from a trained run into a PNG grid."""
    if n < 1 or n > 4096:
        raise ConfigError(f"-n must be between 1 and 4096, got {n}")
    if out.suffix.lower() != ".png":
        raise ConfigError(f"--out must be a .png file, got {out}")
    from genlab import api

    api.load(run, runs_dir).samples(n, class_=class_, seed=seed, guidance=guidance, device=device, steps=steps,
                                    sampler=sampler, temperature=temperature).save(out)
    typer.echo(f"wrote {n} samples to {out}")


def evaluate(
    run: str = typer.Argument(..., help="run folder, its name under runs/, or 'last'"),
    iw_samples: Optional[int] = typer.Option(None, "--iw-samples", help="k for the importance-weighted NLL"),
    dataset: Optional[str] = typer.Option(None, help="evaluate on another dataset of the same shape"),
    limit: Optional[int] = typer.Option(None, help="use only the first N test examples"),
    batch_size: Optional[int] = typer.Option(None, "--batch-size"),
    device: str = typer.Option("auto"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Evaluate a run's last checkpoint on the test set (and update its report)."""
    if iw_samples is not None and iw_samples < 1:
        raise ConfigError(f"--iw-samples must be >= 1, got {iw_samples}")
    from genlab import api

    target = api.load(run, runs_dir)
    metrics = target.evaluate(iw_samples, dataset, limit, device, batch_size)
    _print_metrics(_console(), metrics, target.run_dir)


def recipes(json_: bool = typer.Option(False, "--json")) -> None:
    """List the shipped recipes."""
    from genlab.config import read_recipe, recipe_names

    rows = []
    for name in recipe_names():
        table = read_recipe(name)
        rows.append({"name": name, "model": table.get("model", {}).get("name", "?"),
                     "dataset": table.get("data", {}).get("dataset", "fashion-mnist"),
                     "description": table.get("description", "")})
    if json_:
        import json

        typer.echo(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    table = Table("recipe", "model", "dataset", "description", title="genlab recipes")
    for row in rows:
        table.add_row(row["name"], row["model"], row["dataset"], row["description"])
    _console().print(table)
    typer.echo("train one with: genlab train RECIPE [--set section.key=value ...]")


# -- helpers ----------------------------------------------------------------------------------
def _print_result(console, run) -> None:
    if run.main_process:
        _print_metrics(console, run.fit.metrics, run.run_dir, run.fit.train_seconds)


def _print_metrics(console, metrics: dict, run, seconds: float | None = None) -> None:
    from rich.table import Table

    table = Table("metric", "value", title="test metrics")
    for key, value in metrics.items():
        table.add_row(key, f"{value:.4f}")
    console.print(table)
    from genlab.run_folder.report import features_line

    features = features_line(run.read_info(), metrics)
    if features:
        console.print(f"FID features: {features}", highlight=False)
    if seconds is not None:
        console.print(f"trained for {seconds:.1f} s")
    console.print(f"report: {run.report.resolve()}")
