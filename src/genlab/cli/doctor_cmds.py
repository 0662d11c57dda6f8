"""``genlab doctor``: the pre-flight check (see :mod:`genlab.doctor`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)


def doctor(
    as_json: bool = typer.Option(False, "--json", help="the checks as JSON"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Check Python, packages, torch and its devices, datasets, the runs folder, chromium and
    Jupyter: one line each, with the fix. Exit 0 only if training the demo will work."""
    from genlab.doctor import ready, run_checks

    checks = run_checks(runs_dir)
    if as_json:
        typer.echo(json.dumps([c.__dict__ for c in checks], indent=1))
    else:
        for c in checks:
            typer.echo(c.line())
        typer.echo("ready to train" if ready(checks) else "not ready: fix the 'fail' lines above")
    raise typer.Exit(0 if ready(checks) else 1)
