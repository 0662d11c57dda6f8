"""Guide commands: ``notebook`` writes a lab's guide as a Jupyter notebook (no Jupyter needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    app.command("notebook")(notebook)


def notebook(
    lab: Optional[str] = typer.Argument(None, help="the guide's name (see --list), e.g. vae"),
    out: Path = typer.Option(Path("."), "--out", "-o", help="folder (or .ipynb file) to write"),
    execute: bool = typer.Option(False, "--execute", help="run it first, so the file has its outputs"),
    list_: bool = typer.Option(False, "--list", help="list the guides"),
) -> None:
    """Write a lab's guide as a notebook: open it with 'jupyter lab' (pip install 'genlab[notebooks]')."""
    from genlab.guides import GUIDES

    if list_ or lab is None:
        for g in GUIDES.values():
            typer.echo(f"{g.name:<12} {g.title}  (milestone {', '.join(map(str, g.milestones))})")
        if lab is None and not list_:
            typer.echo("write one with: genlab notebook LAB [--out DIR]")
        return
    from genlab.guides.notebook import write_notebook

    path = write_notebook(lab, out, execute=execute)
    typer.echo(f"wrote {path}" + ("" if execute else f"; open it with: jupyter lab {path}"))
