"""Image-lab commands: ``interpolate`` (latent or noise walks), and the sampling helper behind
``genlab sample --class``. torch is imported inside the commands only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from genlab.errors import ConfigError


def register(app: typer.Typer) -> None:
    app.command("interpolate")(interpolate)


def draw_samples(model, n: int, seed: int, class_: int | None = None, guidance: float | None = None):
    """``n`` samples in [0, 1]; of class ``class_`` if given (class-conditional models only), with
    guidance scale ``guidance`` instead of the run's own (models trained with label dropout)."""
    import torch

    options = {} if guidance is None else {"guidance": check_guidance(model, guidance)}
    gen = torch.Generator().manual_seed(seed)
    if class_ is None:
        return model.sample(n, generator=gen, **options)
    if not getattr(model, "conditional", False):
        raise ConfigError(f"model {model.config.name!r} is not class-conditional, so --class cannot "
                          "be used; class-conditional models: cvae, cgan, diffusion")
    return model.sample(n, generator=gen, labels=class_, **options)


def check_guidance(model, guidance: float) -> float:
    cfg = model.config
    if not getattr(model, "conditional", False) or getattr(cfg, "p_uncond", 0) <= 0:
        raise ConfigError(f"--guidance needs a class-conditional model trained with label dropout "
                          f"(p_uncond > 0: cvae, diffusion); this run's {cfg.name!r} model has none")
    if not 0 <= guidance <= 20:
        raise ConfigError(f"--guidance must be between 0 and 20, got {guidance}")
    return guidance


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
    import torch

    from genlab.runs.images import save_grid
    from genlab.runs.run_dir import RunDir
    from genlab.training.job import load_trained

    model, _ = load_trained(RunDir.open(run, runs_dir), device)
    gen = torch.Generator().manual_seed(seed)
    if hasattr(model, "interpolate"):
        if class_ is not None and not getattr(model, "conditional", False):
            raise ConfigError(f"model {model.config.name!r} is not class-conditional; drop --class")
        images = model.interpolate(gen, rows=rows, steps=steps, labels=class_)
    elif hasattr(model, "decode") and hasattr(model.config, "latent_dim"):   # the VAE lab
        if class_ is not None:
            raise ConfigError(f"model {model.config.name!r} is not class-conditional; drop --class")
        images = vae_walk(model, gen, rows, steps)
    else:
        raise ConfigError(f"model {model.config.name!r} has no latent space to walk")
    save_grid(images, out, nrow=steps)
    typer.echo(f"wrote {rows} walks of {steps} images to {out}")


def vae_walk(model, gen, rows: int, steps: int):
    """Spherical walks between prior samples z ~ N(0, I), decoded to mean images."""
    import torch

    from genlab.models.imagegen import slerp

    ends = torch.randn(2 * rows, model.config.latent_dim, generator=gen)
    z = torch.stack([slerp(ends[:rows], ends[rows:], float(t)) for t in torch.linspace(0, 1, steps)], 1)
    with torch.no_grad():
        return model.mean_image(model.decode(z.flatten(0, 1).to(model.device))).clamp(0, 1)
