"""Applications (roadmap milestone 11): creative tools on trained runs, and augmentation measured.

``inpaint`` and ``edit`` run a diffusion model as RePaint and SDEdit; ``morph`` animates a
conditional model between two classes; ``latent-map`` tours a 2-D VAE's latent plane; ``augment``
measures whether generated images help a classifier (Classification Accuracy Score). The work
is done by :mod:`genlab.pipelines` and :mod:`genlab.experiments.augmentation` through the Python
API; torch is imported inside the commands only.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from genlab.errors import ConfigError

RUN_HELP = "run folder, its name under runs/, or 'last'"


def register(app: typer.Typer) -> None:
    app.command("inpaint")(inpaint)
    app.command("edit")(edit)
    app.command("morph")(morph)
    app.command("latent-map")(latent_map)
    app.command("augment")(augment)


def _suffix(out: Path, suffix: str) -> None:
    if out.suffix.lower() != suffix:
        raise ConfigError(f"--out must be a {suffix} file, got {out}")


def inpaint(
    run: str = typer.Argument(..., help=RUN_HELP),
    image: str = typer.Option(..., "--image", help="an image file, or test:K (the run's K-th test image)"),
    mask: str = typer.Option("centre", "--mask", help="a mask file (white = fill) or left/right/top/bottom/centre"),
    n: int = typer.Option(8, "--n", help="completions to draw"),
    steps: int = typer.Option(50, help="reverse steps"),
    resample: int = typer.Option(5, help="RePaint resamplings per step (1: plain replacement)"),
    class_: Optional[int] = typer.Option(None, "--class", help="complete as this class (conditional runs)"),
    guidance: Optional[float] = typer.Option(None, help="guidance scale with --class"),
    seed: int = typer.Option(0),
    out: Path = typer.Option(Path("inpaint.png"), "--out", "-o", help="PNG file to write"),
    device: str = typer.Option("auto"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Fill a masked region with a diffusion run (RePaint): image | masked | completions."""
    _suffix(out, ".png")
    from genlab import api

    api.load(run, runs_dir).inpaint(image, mask, n, steps, resample, class_, guidance, seed, device).save(out)
    typer.echo(f"wrote the image, the masked image and {n} completions to {out}")


def edit(
    run: str = typer.Argument(..., help=RUN_HELP),
    image: str = typer.Option(..., "--image", help="an image or sketch file, or test:K"),
    strength: float = typer.Option(0.6, help="how far to noise it, 0-1: low keeps the input, high forgets it"),
    n: int = typer.Option(8, "--n", help="edits to draw"),
    steps: int = typer.Option(25, help="DDIM steps for the whole way (a strength's share is used)"),
    class_: Optional[int] = typer.Option(None, "--class", help="edit towards this class (conditional runs)"),
    guidance: Optional[float] = typer.Option(None, help="guidance scale with --class"),
    seed: int = typer.Option(0),
    out: Path = typer.Option(Path("edit.png"), "--out", "-o", help="PNG file to write"),
    device: str = typer.Option("auto"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Image-to-image with a diffusion run (SDEdit): noise the input part-way, denoise it."""
    _suffix(out, ".png")
    from genlab import api

    api.load(run, runs_dir).edit(image, strength, n, steps, class_, guidance, seed, device).save(out)
    typer.echo(f"wrote the input and {n} edits at strength {strength:g} to {out}")


def morph(
    run: str = typer.Argument(..., help=RUN_HELP),
    from_class: int = typer.Option(..., "--from", help="the first class"),
    to_class: int = typer.Option(..., "--to", help="the last class"),
    frames: int = typer.Option(24, help="frames of the animation"),
    rows: int = typer.Option(4, help="styles side by side"),
    seed: int = typer.Option(0),
    out: Path = typer.Option(Path("morph.gif"), "--out", "-o", help="GIF file to write"),
    device: str = typer.Option("auto"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Morph a conditional run (cgan, cvae, diffusion) from one class to another, as a GIF."""
    _suffix(out, ".gif")
    from genlab import api

    api.load(run, runs_dir).morph(from_class, to_class, frames, rows, seed, device).save(out)
    typer.echo(f"wrote {frames} frames to {out} (provenance in {out.name}.provenance.json)")


def latent_map(
    run: str = typer.Argument(..., help=RUN_HELP),
    frames: int = typer.Option(48, help="frames of the animation"),
    out: Path = typer.Option(Path("latent-map.gif"), "--out", "-o", help="GIF file to write"),
    device: str = typer.Option("auto"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Tour the latent plane of a 2-D VAE (genlab train vae-2d), as a GIF."""
    _suffix(out, ".gif")
    from genlab import api

    api.load(run, runs_dir).latent_map(frames, device).save(out)
    typer.echo(f"wrote {frames} frames to {out} (provenance in {out.name}.provenance.json)")


def augment(
    generators: List[str] = typer.Argument(None, help="conditional runs whose samples are added (cgan, cvae, diffusion)"),
    per_class: List[int] = typer.Option([10, 100], "--per-class", help="real labelled images per class (repeatable)"),
    synthetic: int = typer.Option(500, "--synthetic", help="generated images per class added"),
    seeds: int = typer.Option(5, help="seeds per setting (mean and std are reported)"),
    steps: int = typer.Option(400, help="classifier training steps per setting"),
    dataset: str = typer.Option("fashion-mnist", help="the labelled dataset the runs were trained on"),
    out: Path = typer.Option(Path("augmentation"), "--out", "-o", help="folder for results.md / results.json"),
    device: str = typer.Option("auto"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir"),
    set_: Optional[List[str]] = typer.Option(None, "--set", help="override the classifier recipe, "
                                             "e.g. model.channels=16 (repeatable)"),
) -> None:
    """Does generated data help a classifier? Real-only, real + generated, and generated-only
    (Classification Accuracy Score) test accuracy, mean ± std over seeds."""
    from genlab import api

    result = api.augment(generators or [], per_class=per_class, synthetic=synthetic, seeds=seeds,
                         steps=steps, dataset=dataset, out=out, device=device, runs_dir=runs_dir,
                         data_dir=data_dir, set=set_ or [])
    typer.echo(result.table())
    typer.echo(f"wrote {result.path / 'results.md'} and results.json")
