"""``genlab predict``: a video model's futures of clips, as a GIF or MP4 beside the truth."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from genlab.errors import ConfigError


def predict(
    run: str = typer.Argument(..., help="a video run (convlstm, simvp, ...): a path, a name or 'last'"),
    input: Optional[Path] = typer.Option(None, "--input", help="clips as .npy, (clips, frames, H, W) "
                                         "uint8; default: the run's first test clips"),
    samples: int = typer.Option(1, help="futures per clip (stochastic models)"),
    clips: int = typer.Option(4, "--clips", "-n", help="how many test clips (without --input)"),
    out: Path = typer.Option(Path("prediction.gif"), "--out", "-o", help="the .gif or .mp4 to write"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Predict the next frames of clips and write input | truth | prediction as a GIF or MP4."""
    if out.suffix.lower() not in (".gif", ".mp4"):
        raise ConfigError(f"--out must be a .gif or .mp4 file, got {out}")
    if not 1 <= clips <= 64:
        raise ConfigError(f"--clips must be between 1 and 64, got {clips}")
    from genlab import api

    forecast = api.load(run, runs_dir).forecast(input, samples=samples, n=clips)
    forecast.save(out)
    typer.echo(f"wrote {out} ({forecast.inputs.shape[0]} clips, {samples} future(s) each)")
    if forecast.future is not None:
        errors = forecast.errors()
        typer.echo("per-frame MSE by horizon: " + " ".join(f"{v:.1f}" for v in errors["mse"]))
        typer.echo("SSIM by horizon:          " + " ".join(f"{v:.3f}" for v in errors["ssim"]))


def register(app: typer.Typer) -> None:
    app.command()(predict)
