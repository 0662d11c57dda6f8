"""Responsible-AI commands: ``audit`` (what a model generates), ``card`` (a model card),
``provenance`` (where a generated file came from) and ``fairness`` (the fairness lab).
torch is imported inside the commands that need it only."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    app.command()(audit)
    app.command()(card)
    app.command()(provenance)
    app.command()(fairness)


def audit(
    run: str = typer.Argument(..., help="an image or text run: a path, a name or 'last'"),
    only: Optional[str] = typer.Option(None, "--only", help="comma-separated audits: balance, "
                                       "memorization, membership, interpretability (images), text"),
    samples: int = typer.Option(2000, help="generated images to audit"),
    members: int = typer.Option(1000, help="training and held-out examples each (membership)"),
    cells: int = typer.Option(10, help="k-means cells of the data-copying test"),
    passages: int = typer.Option(20, help="generated passages (text runs)"),
    chars: int = typer.Option(500, help="characters per passage (text runs)"),
    seed: int = typer.Option(0),
    device: str = typer.Option("auto"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Audit a trained model's samples: class balance, memorization (data-copying C_T),
    membership inference, interpretability; verbatim copying for text. Writes RUN/audit/."""
    from genlab import api

    names = [n.strip() for n in only.split(",") if n.strip()] if only else None
    loaded = api.load(run, runs_dir)
    for a in loaded.audit(names, samples, members, cells, passages, chars, seed, device):
        typer.echo(f"{a.name}: {a.summary if not a.skipped else 'not run: ' + a.skipped}")
    typer.echo(f"wrote {loaded.path / 'audit'} and updated {loaded.report_path}")


def card(
    run: str = typer.Argument(..., help="a run: a path, a name or 'last'"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="default: RUN/model-card.md"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Write a Markdown model card for a run (Mitchell et al. 2019) from what its folder shows."""
    from genlab.responsible.card import write_card
    from genlab.run_folder.run_dir import RunDir

    typer.echo(f"wrote {write_card(RunDir.open(run, runs_dir), out)}")


def provenance(file: Path = typer.Argument(..., help="an image, GIF, video or text file")) -> None:
    """Where a generated file came from (model, run, step, seed, command) and whether its
    content is still what was generated. Exit 1 if it changed or has no record."""
    from genlab.responsible.provenance import describe, read

    for line in describe(file):
        typer.echo(line)
    record, matches = read(file)
    if record is None or not matches:
        raise typer.Exit(1)


def fairness(
    out: Path = typer.Option(Path("runs/fairness"), "--out", "-o", help="folder for results.md/json and plots"),
    seed: int = typer.Option(0),
    bias: float = typer.Option(0.8, help="how strongly the label follows the group in the biased data, 0.5..0.99"),
) -> None:
    """The fairness lab: a classifier on data with a stated bias, fairlearn's parity and
    equalized-odds gaps, two mitigations, and how a generator trained on it carries the bias."""
    from genlab.responsible.fairness import run_lab

    result = run_lab(out, seed=seed, bias=bias)
    for line in result["lines"]:
        typer.echo(line)
    typer.echo(f"wrote {out / 'results.md'}")
