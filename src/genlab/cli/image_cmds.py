"""Image-lab commands: ``interpolate`` (latent or noise walks; ``genlab sample`` is with the lab
commands). The sampling rules live with the models (:mod:`genlab.models.capabilities`); torch is
imported inside the commands only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from genlab.errors import ConfigError


def register(app: typer.Typer) -> None:
    app.command("interpolate")(interpolate)


def interpolate(
    run: str = typer.Argument(..., help="run folder, its name under runs/, or 'last'"),
    rows: int = typer.Option(8, help="number of walks (one per row)"),
    steps: int = typer.Option(10, help="images per walk"),
    class_: Optional[int] = typer.Option(None, "--class", help="class of every row (conditional models)"),
    out: Path = typer.Option(Path("interpolation.png"), "--out", "-o", help="PNG file to write"),
    seed: int = typer.Option(0),
    device: str = typer.Option("auto"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Walk between random latents (AE/VAE/GAN) or initial noises (diffusion) into a PNG grid."""
    if not 1 <= rows <= 64 or not 2 <= steps <= 32:
        raise ConfigError(f"--rows must be in 1..64 and --steps in 2..32, got {rows} and {steps}")
    if out.suffix.lower() != ".png":
        raise ConfigError(f"--out must be a .png file, got {out}")
    from genlab import api

    api.load(run, runs_dir).interpolate(rows, steps, class_, seed, device).save(out)
    typer.echo(f"wrote {rows} walks of {steps} images to {out}")
