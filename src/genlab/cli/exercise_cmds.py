"""Exercise commands: ``exercises``, ``exercise start``, ``check``, ``hint``, ``solution``,
``watch``.

Nothing heavy is imported here: the learner's code and the checks run in a child process
(:mod:`genlab.exercises.runner`), and ``watchfiles`` is imported by ``watch`` only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from genlab.errors import GenlabError

WORKSPACE_HELP = "workspace folder (default: $GENLAB_WORKSPACE or ~/genlab-workspace)"


def register(app: typer.Typer) -> None:
    exercises_app = typer.Typer(help="The exercises, and the integrity check of your own.",
                                no_args_is_help=False)
    exercises_app.callback(invoke_without_command=True)(list_exercises)
    exercises_app.command("verify")(verify)
    app.add_typer(exercises_app, name="exercises")
    exercise_app = typer.Typer(help="Start (or reset) an exercise in your workspace.",
                               no_args_is_help=True, add_completion=False)
    exercise_app.command("start")(start)
    app.add_typer(exercise_app, name="exercise")
    app.command("check")(check)
    app.command("hint")(hint)
    app.command("solution")(solution)
    app.command("watch")(watch)


def _workspace(path: Optional[Path]):
    from genlab.exercises.workspace import Workspace

    return Workspace(path)


def _progress(ws):
    from genlab.exercises.progress import ExerciseProgress

    return ExerciseProgress(ws)


def _shown(path: Path) -> str:
    """A path as the learner would type it: ~/... when under their home."""
    try:
        return "~/" + str(path.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(path)


def _resolve_id(ws, exercise_id: Optional[str]):
    """The exercise named, else the current one, else the first started one not passed."""
    from genlab.exercises.catalog import get, load_catalog

    if exercise_id:
        return get(exercise_id)
    current = ws.current()
    if current:
        return get(current)
    progress = _progress(ws).statuses()
    for ex in load_catalog():
        if progress[ex.id]["started"] and progress[ex.id]["status"] != "passed":
            return ex
    raise GenlabError("no exercise started yet; run `genlab exercises` to see them and "
                      "`genlab exercise start ID` to begin")


# ----------------------------------------------------------------------------- exercises


def list_exercises(
    ctx: typer.Context,
    milestone: Optional[int] = typer.Option(None, "--milestone", "-m",
                                            help="only this roadmap milestone's exercises"),
    as_json: bool = typer.Option(False, "--json", help="print a JSON list"),
    workspace: Optional[Path] = typer.Option(None, "--workspace", "-w", help=WORKSPACE_HELP),
) -> None:
    """List the exercises with your status: not-started, failing or passed."""
    if ctx.invoked_subcommand:
        return
    from genlab.errors import unknown
    from genlab.exercises.catalog import all_exercises, exercise_ids_by_milestone

    if milestone is not None and milestone not in exercise_ids_by_milestone():
        raise unknown("milestone with exercises", str(milestone),
                      [str(m) for m in exercise_ids_by_milestone()])
    ws = _workspace(workspace)
    statuses = _progress(ws).statuses()
    exercises = all_exercises(milestone)
    if as_json:
        rows = []
        for ex in exercises:
            st = statuses[ex.id]
            rows.append({"id": ex.id, "title": ex.title, "milestone": ex.milestone,
                         "topic": ex.topic, "status": st["status"], "gave_up": st["gave_up"],
                         "started": st["started"], "hints_shown": st["hints_shown"],
                         "hints_total": len(ex.hints), "file": str(ws.file_for(ex)),
                         "train_recipe": ex.train_recipe})
        typer.echo(json.dumps(rows, indent=2))
        return
    last = None
    width = max(len(e.id) for e in exercises)
    for ex in exercises:
        if ex.milestone != last:
            typer.echo(f"\nMilestone {ex.milestone}: {ex.milestone_name}")
            last = ex.milestone
        st = statuses[ex.id]
        status = st["status"] + (" (gave up)" if st["gave_up"] else "")
        typer.echo(f"  {ex.id:<{width}}  {status:<20} {ex.title}")
    done = sum(statuses[e.id]["status"] == "passed" for e in exercises)
    typer.echo(f"\n{done} of {len(exercises)} passed. Start one with "
               "`genlab exercise start ID`.")


def verify(
    folder: Path = typer.Argument(..., help="an exercise folder, or a folder of them"),
) -> None:
    """Check exercises of your own: the stub fails as 'not written yet', the solution passes
    silently, every wrong_*.py fails saying expected/got/input. Exit 1 if any does not."""
    from genlab.exercises.catalog import load_folder
    from genlab.exercises.verify import verify as verify_one

    bad = 0
    for ex in load_folder(folder):
        problems = [p for ps in verify_one(ex).values() for p in ps]
        bad += bool(problems)
        typer.echo(f"{ex.id}: " + ("ok" if not problems else f"{len(problems)} problem(s)"))
        for p in problems:
            typer.echo(f"  - {p}")
    if bad:
        typer.echo(f"{bad} exercise(s) to fix")
        raise typer.Exit(1)
    typer.echo("every exercise checks itself: add the folder with --exercises DIR or $GENLAB_EXERCISES")


# ----------------------------------------------------------------------------- start


def start(
    exercise_id: str = typer.Argument(..., metavar="ID", help="exercise id (genlab exercises)"),
    workspace: Optional[Path] = typer.Option(None, "--workspace", "-w", help=WORKSPACE_HELP),
    reset: bool = typer.Option(False, "--reset", help="replace your file with the fresh stub "
                                                      "(a backup is kept)"),
    yes: bool = typer.Option(False, "--yes", "-y", help="do not ask before --reset"),
) -> None:
    """Copy an exercise into your workspace and show what to do. Your edits are never
    overwritten without --reset."""
    from genlab.exercises.catalog import get

    ex = get(exercise_id)
    ws = _workspace(workspace)
    target = ws.file_for(ex)
    if reset and target.exists() and not yes:
        if not typer.confirm(f"Replace {_shown(target)} with a fresh stub? (a backup is kept)",
                             default=False):
            typer.echo("Kept your file.")
            raise typer.Exit(1)
    path, written, backup = ws.start(ex, reset=reset)
    typer.echo(f"{ex.id}: {ex.title}  (milestone {ex.milestone}, {ex.milestone_name})\n")
    typer.echo(ex.task + "\n")
    if written and backup:
        typer.echo(f"Reset {_shown(path)}; your previous file is in {_shown(backup)}")
    elif written:
        typer.echo(f"Created {_shown(path)}")
    else:
        typer.echo(f"Kept your file {_shown(path)} (already started; --reset for a fresh one)")
    typer.echo(f"Edit:   {_shown(path)}   (write: {', '.join(ex.functions)})")
    typer.echo(f"Check:  genlab check {ex.id}" + (f" --workspace {ws.root}" if workspace else ""))
    typer.echo(f"Stuck?  genlab hint {ex.id}")


# ----------------------------------------------------------------------------- check


def run_check(ex, ws, *, quiet: bool = False, as_json: bool = False):
    """Check the learner's file for ``ex``, print the report and record the outcome."""
    from genlab.exercises.report import format_run
    from genlab.exercises.runner import check_file

    path = ws.file_for(ex)
    if not path.is_file():
        raise GenlabError(f"exercise {ex.id} is not started in {ws.root}; run "
                          f"`genlab exercise start {ex.id}`")
    result = check_file(ex, path)
    ws.set_current(ex.id)
    if as_json:
        typer.echo(json.dumps({"id": ex.id, **result.to_dict()}, indent=2))
    elif not quiet:
        typer.echo(format_run(ex, result, _shown(path)))
        if result.passed:
            typer.echo(f"Well done. Compare with the reference: genlab solution {ex.id}")
        else:
            shown = ws.entry(ex.id).get("hints_shown", 0)
            if shown < len(ex.hints):
                typer.echo(f"Need a nudge? genlab hint {ex.id}  "
                           f"({len(ex.hints) - shown} hints left)")
    # recorded after the report, so a progress-database problem never hides the results
    _progress(ws).record(ex, "passed" if result.passed else "failing")
    return result


def check(
    exercise_id: Optional[str] = typer.Argument(None, metavar="ID",
                                                help="exercise id (default: the current one)"),
    workspace: Optional[Path] = typer.Option(None, "--workspace", "-w", help=WORKSPACE_HELP),
    train: bool = typer.Option(False, "--train", help="train the lab's model with your code "
                                                      "(generative exercises)"),
    as_json: bool = typer.Option(False, "--json", help="print the results as JSON"),
) -> None:
    """Run the checks of an exercise against your file. Exit code 0 when all pass, 1 if not."""
    ws = _workspace(workspace)
    ex = _resolve_id(ws, exercise_id)
    if train:
        from genlab.exercises.train import PLUGS, train_with_learner_code

        if ex.id not in PLUGS:
            train_with_learner_code(ex, ws)  # raises the one-line reason
    result = run_check(ex, ws, as_json=as_json)
    if train and result.passed:
        _train_and_compare(ex, ws)
    elif train:
        typer.echo("Fix the failing checks first; then --train plugs your code into the lab.")
    raise typer.Exit(0 if result.passed else 1)


def _train_and_compare(ex, ws) -> None:
    from rich.console import Console
    from rich.table import Table

    from genlab.exercises.train import train_with_learner_code

    console = Console()
    out = train_with_learner_code(ex, ws, console=console)
    table = Table("", out["metric"], title=f"{out['recipe']} trained with the same recipe and seed")
    table.add_row("reference implementation", f"{out['reference']:.4f}")
    yours = f"{out['yours']:.4f}" if out["yours"] is not None else out["yours_status"]
    table.add_row("your code", yours)
    console.print(table)
    for run in out["runs"]:
        console.print(f"run: {run}")


# ----------------------------------------------------------------------------- hint, solution


def hint(
    exercise_id: Optional[str] = typer.Argument(None, metavar="ID",
                                                help="exercise id (default: the current one)"),
    workspace: Optional[Path] = typer.Option(None, "--workspace", "-w", help=WORKSPACE_HELP),
) -> None:
    """Show the next hint of an exercise (one more each time)."""
    ws = _workspace(workspace)
    ex = _resolve_id(ws, exercise_id)
    number, text, new = ws.reveal_hint(ex)
    total = len(ex.hints)
    if not new:
        typer.echo(f"That was the last hint; here it is again (hint {number} of {total}):")
    else:
        typer.echo(f"Hint {number} of {total} for {ex.id}:")
    typer.echo("  " + text.strip().replace("\n", "\n  "))
    if number == total:
        typer.echo(f"Still stuck? `genlab solution {ex.id} --give-up` shows the reference "
                   "(and records that you gave up).")


def solution(
    exercise_id: Optional[str] = typer.Argument(None, metavar="ID",
                                                help="exercise id (default: the current one)"),
    give_up: bool = typer.Option(False, "--give-up", help="show it before passing; recorded"),
    workspace: Optional[Path] = typer.Option(None, "--workspace", "-w", help=WORKSPACE_HELP),
) -> None:
    """Show the reference solution: after your check passes, or with --give-up."""
    ws = _workspace(workspace)
    ex = _resolve_id(ws, exercise_id)
    progress = _progress(ws)
    if progress.raw_status(ex.id) != "passed":
        if not give_up:
            raise GenlabError(f"the solution of {ex.id} is shown once your check passes "
                              f"(`genlab check {ex.id}`); to see it now, add --give-up "
                              "(recorded as gave up)")
        progress.record(ex, "gave-up")
        typer.echo(f"Recorded: you gave up on {ex.id}. It stays open: pass it later to "
                   "mark it passed.\n", err=True)
    typer.echo(ex.solution_path.read_text(encoding="utf-8"), nl=False)


# ----------------------------------------------------------------------------- watch


def watch(
    exercise_id: Optional[str] = typer.Argument(None, metavar="ID",
                                                help="start from this exercise "
                                                     "(default: the current one)"),
    workspace: Optional[Path] = typer.Option(None, "--workspace", "-w", help=WORKSPACE_HELP),
) -> None:
    """Re-check the current exercise on every save; move on to the next when it passes."""
    from watchfiles import watch as watch_changes  # a dependency; imported here for start-up speed
    from genlab.exercises.catalog import get, load_catalog, next_after

    ws = _workspace(workspace)
    if exercise_id:
        ex = get(exercise_id)
    else:
        try:
            ex = _resolve_id(ws, None)
        except GenlabError:
            ex = load_catalog()[0]
    progress = _progress(ws)

    def begin(ex):
        path, written, _ = ws.start(ex)
        typer.echo(f"\n== {ex.id}: {ex.title} (milestone {ex.milestone})")
        typer.echo(ex.task)
        typer.echo(f"Edit {_shown(path)} and save; Ctrl-C to stop.")
        return path

    def advance(ex):
        nxt = next_after(ex.id)
        while nxt is not None and progress.raw_status(nxt.id) == "passed":
            nxt = next_after(nxt.id)
        return nxt

    path = begin(ex)
    result = run_check(ex, ws)
    try:
        while True:
            while result.passed:
                nxt = advance(ex)
                if nxt is None:
                    typer.echo("\nEvery exercise after this one is passed. Well done!")
                    return
                ex = nxt
                path = begin(ex)
                result = run_check(ex, ws)
            for changes in watch_changes(ws.root, debounce=300, raise_interrupt=True):
                if any(Path(p).resolve() == path.resolve() for _, p in changes):
                    typer.echo("\n" + "-" * 60)
                    result = run_check(ex, ws)
                    break
    except KeyboardInterrupt:
        typer.echo("\nStopped watching.")
