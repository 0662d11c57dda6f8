"""Guide and course commands: ``notebook`` writes a lab's guide as a Jupyter notebook (no
Jupyter needed); ``course build`` makes the static course site."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

course_app = typer.Typer(help="The course as a static website (MkDocs).", no_args_is_help=True)
papers_app = typer.Typer(help="Paper reproductions at CPU scale (roadmap milestone 14).")


def register(app: typer.Typer) -> None:
    app.command("notebook")(notebook)
    app.add_typer(course_app, name="course")
    app.add_typer(papers_app, name="papers")


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


@course_app.command("build")
def course_build(
    out: Path = typer.Option(Path("site"), "--out", "-o", help="folder to write the site to"),
    guide: List[str] = typer.Option([], "--guide", help="only these guides (repeatable; default: all)"),
    execute: bool = typer.Option(True, "--execute/--no-execute",
                                 help="run the guides so the pages show their outputs"),
    curriculum: Optional[Path] = typer.Option(None, "--curriculum", help="your own curriculum.toml"),
) -> None:
    """Build the course site: the roadmap, one page per milestone, the guides, the exercises.
    Open OUT/index.html, or serve the folder; it needs no internet."""
    from rich.console import Console

    from genlab.course.site import build_course

    build_course(out, list(guide) or None, execute, curriculum, console=Console(stderr=True))
    typer.echo(f"wrote the course site to {out}; open {out / 'index.html'}")


@papers_app.callback(invoke_without_command=True)
def papers_list(ctx: typer.Context) -> None:
    """List the paper reproductions; run one with: genlab papers run ID."""
    if ctx.invoked_subcommand:
        return
    from genlab.papers import PAPERS

    for p in PAPERS.values():
        typer.echo(f"{p.id:<20} {p.title}\n{'':<20} {p.citation}")
    typer.echo("run one with: genlab papers run ID   (its guide: genlab notebook paper-ID)")


@papers_app.command("run")
def papers_run(
    paper_id: str = typer.Argument(..., help="see 'genlab papers'"),
    tiny: bool = typer.Option(False, "--tiny", help="a few steps on local data (tests the code only)"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Run a reproduction at CPU scale; writes results.md with the paper's figure beside ours."""
    from rich.console import Console

    from genlab.papers import paper, run_paper
    from genlab.run_folder.run_dir import runs_root

    paper(paper_id)  # an unknown id fails before anything is made
    folder, _ = run_paper(paper_id, runs_root(runs_dir), tiny or None, console=Console(stderr=True))
    typer.echo((folder / "results.md").read_text())
    typer.echo(f"results: {folder / 'results.md'}")
