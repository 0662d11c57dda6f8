"""Roadmap commands: roadmap, milestone, progress, tick, journal, next, plan, resources.

Each command is a thin layer: parse the arguments, ask :mod:`genlab.roadmap.views` or
:mod:`genlab.roadmap.planner`, then print JSON or draw with :mod:`genlab.roadmap.render`.
Everything heavier than typer is imported inside the commands, so ``genlab`` starts fast.
Bad input raises a :class:`~genlab.errors.GenlabError`: one line on stderr, exit code 2.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from genlab.errors import ConfigError

CurriculumOption = Annotated[Optional[Path], typer.Option(
    "--curriculum", metavar="PATH",
    help="a curriculum TOML file to use instead of genlab's (default: $GENLAB_CURRICULUM)")]
JsonOption = Annotated[bool, typer.Option("--json", help="print machine-readable JSON")]


def register(app: typer.Typer) -> None:
    app.command("roadmap")(roadmap)
    app.command("milestone")(milestone)
    app.command("progress")(progress)
    app.command("tick")(tick)
    app.command("journal")(journal)
    app.command("next")(next_step)
    app.command("plan")(plan)
    app.command("verify")(verify)
    app.command("resources")(resources)
    app.default_command = roadmap  # `genlab` alone shows the roadmap


# -- shared helpers ---------------------------------------------------------------------------------

def _curriculum(path: Optional[Path]):
    from genlab.roadmap.loader import load_curriculum

    return load_curriculum(path or os.environ.get("GENLAB_CURRICULUM") or None)


def _store(curriculum=None):
    """The progress database; given the curriculum, its ticks and evidence first follow the
    curriculum's version (activities that moved or went, see ProgressStore.follow_curriculum)."""
    from genlab.roadmap.progress import ProgressStore

    store = ProgressStore()
    if curriculum is not None:
        for change in store.follow_curriculum(curriculum.version, curriculum.moves):
            sys.stderr.write(f"progress moved to curriculum version {curriculum.version}: {change}\n")
    return store


def _number(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ConfigError(f"{what} must be a number, not {text!r}") from None


def _milestone_id(curriculum, text: str) -> int:
    milestone_id = _number(text, "a milestone id")
    curriculum.milestone(milestone_id)  # raises "unknown milestone ..." with the valid ids
    return milestone_id


def _print_json(data) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _exercise_catalog() -> dict[int, list[str]]:
    from genlab.roadmap.links import exercise_ids_by_milestone

    return exercise_ids_by_milestone()


def _today(as_of: Optional[str]):
    from datetime import date

    from genlab.roadmap.dates import parse_date

    return parse_date(as_of, "--as-of date") if as_of else date.today()


# -- genlab roadmap ---------------------------------------------------------------------------------

def roadmap(
    phase: Annotated[Optional[str], typer.Option("--phase", help="show one phase only (1-4)")] = None,
    json_output: JsonOption = False,
    curriculum_path: CurriculumOption = None,
) -> None:
    """The roadmap as a tree: every milestone's status, progress per phase, and what to do next."""
    from genlab.review.schedule import due_count
    from genlab.roadmap.views import overview

    curriculum = _curriculum(curriculum_path)
    phase_id = None
    if phase is not None:
        phase_id = _number(phase, "--phase")
        curriculum.phase(phase_id)
    with _store(curriculum) as store:
        snap = store.snapshot()
        reviews = due_count(store)
    view = overview(curriculum, snap, _exercise_catalog(), phase_id)
    view["reviews_due"] = reviews
    if json_output:
        _print_json(view)
        return
    from genlab.roadmap.render import render_roadmap

    render_roadmap(view)
    if reviews:
        typer.echo(f"\nreview cards due today: {reviews} (genlab review)")


# -- genlab milestone N -----------------------------------------------------------------------------

def milestone(
    milestone_id: Annotated[str, typer.Argument(metavar="ID", help="milestone number (1-23)")],
    json_output: JsonOption = False,
    curriculum_path: CurriculumOption = None,
) -> None:
    """What a milestone is, why it matters, its topics and resources, and what genlab offers."""
    from genlab.roadmap.planner import milestone_hours
    from genlab.roadmap.views import milestone_detail

    curriculum = _curriculum(curriculum_path)
    mid = _milestone_id(curriculum, milestone_id)
    with _store(curriculum) as store:
        snap, entries = store.snapshot(), store.journal(mid)
    detail = milestone_detail(curriculum, mid, snap, _exercise_catalog(), entries,
                              milestone_hours(curriculum)[mid])
    if json_output:
        _print_json(detail)
        return
    from genlab.roadmap.render import render_milestone

    render_milestone(detail)


# -- genlab progress ---------------------------------------------------------------------------------

def progress(
    target: Annotated[Optional[str], typer.Argument(
        metavar="[ID|export|import|repair]",
        help="a milestone id, or export / import / repair")] = None,
    value: Annotated[Optional[str], typer.Argument(
        metavar="[STATUS|FILE]",
        help="done, in-progress, skip or reset (for an ID); a JSON file (export/import)")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="a note for the journal")] = None,
    on: Annotated[Optional[str], typer.Option(
        "--on", metavar="DATE", help="when it happened, YYYY-MM-DD (default: now)")] = None,
    json_output: JsonOption = False,
    curriculum_path: CurriculumOption = None,
) -> None:
    """Record progress, or back it up and restore it.

    \b
      genlab progress 7 in-progress         start milestone 7
      genlab progress 7 done --note "..."   finish it, with a journal note
      genlab progress 7 skip | reset        skip it / back to not started
      genlab progress 3 done --on 2026-05-01   record something done earlier
      genlab progress export [FILE]         all progress as JSON (stdout without FILE)
      genlab progress import FILE           replace progress with an export (a backup is saved)
      genlab progress repair                start a new database if the current one is damaged
    """
    if target is None:
        return _show_statuses(curriculum_path, json_output)
    if target == "export":
        return _export(value)
    if target == "import":
        return _import(value)
    if target == "repair":
        return _repair()
    if not target.lstrip("-").isdigit():
        raise ConfigError(f"unknown progress action {target!r}; give a milestone id, "
                          "or one of: export, import, repair")
    curriculum = _curriculum(curriculum_path)
    mid = _milestone_id(curriculum, target)
    if value is None:
        raise ConfigError(f"give a status: genlab progress {mid} done | in-progress | skip | reset")
    from genlab.roadmap.dates import noon_utc, parse_date
    from genlab.roadmap.progress import normalize_status

    status = normalize_status(value)  # check before opening the database
    at = noon_utc(parse_date(on, "--on date")) if on else None
    with _store(curriculum) as store:
        store.set_status(mid, status, note=note, at=at)
        snap = store.snapshot()
        shown = store.evidence()
    from genlab.roadmap.evidence import unshown
    from genlab.roadmap.views import next_step as compute_next

    missing = unshown(curriculum.milestone(mid), shown) if status == "done" else []

    step = compute_next(curriculum, snap, _exercise_catalog())
    if json_output:
        _print_json({"milestone": mid, "status": status, "next": step})
        return
    from rich.text import Text

    from genlab.roadmap.render import console, render_next, status_text

    out = console()
    out.print(Text(f"milestone {mid} {curriculum.milestone(mid).title}: ") + status_text(status))
    for number, wanted in missing:
        out.print(f"  nothing shows activity {number} yet ({wanted}); `genlab verify {mid}` checks again",
                  highlight=False)
    render_next(step, out)


def verify(
    milestone: Annotated[Optional[str], typer.Argument(metavar="[ID]", help="one milestone (default: all)")] = None,
    runs_dir: Annotated[Optional[List[Path]], typer.Option(
        "--runs-dir", help="a runs folder to look in (repeatable; default: ./runs or $GENLAB_RUNS)")] = None,
    json_output: JsonOption = False,
    curriculum_path: CurriculumOption = None,
) -> None:
    """Check which checklist activities your work shows done: exercises passed, runs and their
    metrics, sweeps, audits, model cards, journal notes, files; record them, and mark a
    milestone done when everything it asks is shown."""
    from genlab.roadmap.evidence import gather, verify as run_verify
    from genlab.run_folder.run_dir import runs_root

    curriculum = _curriculum(curriculum_path)
    mid = _milestone_id(curriculum, milestone) if milestone is not None else None
    folders = list(runs_dir) if runs_dir else [runs_root()]
    with _store(curriculum) as store:
        findings = run_verify(curriculum, store, gather(folders, store, Path.cwd()), mid)
        ticks = store.ticks()
    if json_output:
        _print_json([{"milestone": f.milestone, "activity": f.activity, "met": f.met,
                      "shown_by": f.shown_by, "wanted": f.wanted} for f in findings])
        return
    for f in findings:
        ticked = f.activity in ticks.get(f.milestone, set())
        state = (f"shown by {f.shown_by}" if f.met else
                 f"ticked by you; nothing shows it yet: {f.wanted}" if ticked else f"not shown yet: {f.wanted}")
        typer.echo(f"{f.milestone:>2}.{f.activity}  {'✓' if f.met else '·'}  {state}")
    met = sum(f.met for f in findings)
    typer.echo(f"{met} of {len(findings)} checkable activities shown by your work")


def _show_statuses(curriculum_path: Optional[Path], json_output: bool) -> None:
    curriculum = _curriculum(curriculum_path)
    with _store() as store:
        snap = store.snapshot()
    rows = []
    for m in curriculum.milestones:
        p = snap.milestones.get(m.id)
        rows.append({"id": m.id, "title": m.title, "status": snap.status(m.id),
                     "started_at": p.started_at.isoformat() if p and p.started_at else None,
                     "finished_at": p.finished_at.isoformat() if p and p.finished_at else None})
    if json_output:
        _print_json(rows)
        return
    from rich.table import Table

    from genlab.roadmap.render import console, status_text

    table = Table(box=None, padding=(0, 2, 0, 0))
    for col in ("#", "milestone", "status", "started", "finished"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["id"]), r["title"], status_text(r["status"]),
                      (r["started_at"] or "")[:10], (r["finished_at"] or "")[:10])
    console().print(table)


def _export(file: Optional[str]) -> None:
    import json

    with _store() as store:
        data = store.export_data()
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if file in (None, "-"):
        sys.stdout.write(text)
        return
    _write_file(Path(file), text)
    sys.stderr.write(f"progress exported to {file}\n")


def _write_file(path: Path, text: str) -> None:
    """Write atomically (temporary file, then rename); one-line error on failure."""
    from genlab.fileio import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from None


def _import(file: Optional[str]) -> None:
    import json
    import time

    from genlab.roadmap.paths import backups_dir

    if not file:
        raise ConfigError("give the file to import: genlab progress import FILE")
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"progress file {file} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"progress file {file} cannot be read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"progress file {file}: invalid JSON: {exc}") from None
    from genlab.roadmap.progress import validate_export

    validate_export(data, file)  # before touching anything
    with _store() as store:
        backup = None
        if store.exists():
            current = store.export_data()
            if any(current[k] for k in ("milestones", "journal", "exercises", "ticks")):
                backup = backups_dir() / time.strftime("progress-%Y%m%d-%H%M%S.json")
                _write_file(backup, json.dumps(current, indent=2, ensure_ascii=False) + "\n")
        counts = store.import_data(data, file)
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    saved = f"; the previous progress is saved in {backup}" if backup else ""
    sys.stdout.write(f"imported {file} ({summary}){saved}\n")


def _repair() -> None:
    from genlab.roadmap.progress import ProgressStore

    store = ProgressStore()
    backup = store.repair()
    store.close()
    if backup is None:
        sys.stdout.write(f"progress database {store.path} is healthy; nothing to repair\n")
    else:
        sys.stdout.write(f"started a new progress database at {store.path}; the old file is "
                         f"kept at {backup}\n")


# -- genlab tick N K ----------------------------------------------------------------------------------

def tick(
    milestone_id: Annotated[str, typer.Argument(metavar="ID", help="milestone number")],
    activity: Annotated[str, typer.Argument(metavar="N", help="activity number in its checklist")],
    undo: Annotated[bool, typer.Option("--undo", help="untick it")] = False,
    curriculum_path: CurriculumOption = None,
) -> None:
    """Tick an activity of a milestone's checklist (see `genlab milestone ID`)."""
    curriculum = _curriculum(curriculum_path)
    mid = _milestone_id(curriculum, milestone_id)
    activities = curriculum.milestone(mid).activities
    n = _number(activity, "an activity number")
    if not 1 <= n <= len(activities):
        raise ConfigError(f"milestone {mid} has activities 1-{len(activities)}, not {n}")
    with _store(curriculum) as store:
        store.tick(mid, n, done=not undo)
        ticked = store.ticks().get(mid, set())
    mark = "unticked" if undo else "ticked"
    left = len(activities) - len(ticked & set(range(1, len(activities) + 1)))
    hint = f"{left} left" if left else f"all done: genlab progress {mid} done"
    sys.stdout.write(f"{mark} milestone {mid}, activity {n}: {activities[n - 1].text} "
                     f"({hint})\n")


# -- genlab journal ------------------------------------------------------------------------------------

def journal(
    milestone_id: Annotated[Optional[str], typer.Argument(
        metavar="[ID]", help="only this milestone's entries")] = None,
    add: Annotated[Optional[str], typer.Option("--add", metavar="TEXT",
                                               help="add a dated note")] = None,
    on: Annotated[Optional[str], typer.Option("--on", metavar="DATE",
                                              help="date of the note, YYYY-MM-DD")] = None,
    json_output: JsonOption = False,
    curriculum_path: CurriculumOption = None,
) -> None:
    """The journal of dated notes and status changes, per milestone or all; --add writes one."""
    from genlab.roadmap.dates import noon_utc, parse_date
    from genlab.roadmap.views import journal_rows

    curriculum = _curriculum(curriculum_path)
    mid = _milestone_id(curriculum, milestone_id) if milestone_id is not None else None
    at = noon_utc(parse_date(on, "--on date")) if on else None
    with _store() as store:
        if add is not None:
            store.add_note(mid, add, at=at)
        rows = journal_rows(store.journal(mid), curriculum)
    if json_output:
        _print_json(rows)
        return
    from genlab.roadmap.render import render_journal

    title = f"Journal of milestone {mid}: {curriculum.milestone(mid).title}" if mid else "Journal"
    render_journal(rows, title=title)


# -- genlab next ----------------------------------------------------------------------------------------

def next_step(json_output: JsonOption = False, curriculum_path: CurriculumOption = None) -> None:
    """The next milestone whose prerequisites are met, and the concrete next action."""
    from genlab.roadmap.views import next_step as compute_next

    curriculum = _curriculum(curriculum_path)
    with _store() as store:
        snap = store.snapshot()
    step = compute_next(curriculum, snap, _exercise_catalog())
    if json_output:
        _print_json(step)
        return
    from genlab.roadmap.render import render_next

    render_next(step)


# -- genlab plan ----------------------------------------------------------------------------------------

def plan(
    hours_per_week: Annotated[Optional[float], typer.Option(
        "--hours-per-week", "-H", metavar="HOURS", help="hours you study per week")] = None,
    start: Annotated[Optional[str], typer.Option(
        "--start", metavar="DATE", help="first day of the plan, YYYY-MM-DD (default: today)")] = None,
    md: Annotated[Optional[Path], typer.Option("--md", metavar="FILE",
                                               help="also write the plan as Markdown")] = None,
    ics: Annotated[Optional[Path], typer.Option("--ics", metavar="FILE",
                                                help="also write an iCalendar file")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", hidden=True)] = None,
    json_output: JsonOption = False,
    curriculum_path: CurriculumOption = None,
) -> None:
    """A dated plan from your hours per week, re-estimated from your real pace.

    Estimates: each phase's month range in the roadmap, read as a timeline (phase 1 ends at
    month 6-12, phase 2 at 12-18 ...), gives the phase's months (9, 6, 6, and 6 for the
    open-ended phase 4); x 52/12 weeks x 10 h/week gives its hours (390, 260, 260, 260), split
    across its milestones by weight. Pace: sum of the hours your finished milestones took
    (elapsed days / 7 x your hours per week) / sum of their estimates; remaining estimates are
    multiplied by it. Ahead/behind: estimated hours of done milestones minus the hours expected
    since your first recorded activity, in weeks.
    """
    from genlab.roadmap.dates import parse_date
    from genlab.roadmap.planner import make_plan, model_summary

    if hours_per_week is None:
        raise ConfigError("how many hours a week do you study? e.g. genlab plan --hours-per-week 8")
    today = _today(as_of)
    first_day = parse_date(start, "--start date") if start else today
    curriculum = _curriculum(curriculum_path)
    with _store() as store:
        snap = store.snapshot()
    the_plan = make_plan(curriculum, snap.milestones, hours_per_week, first_day, today)
    if md is not None:
        from genlab.roadmap.markdown import plan_to_markdown

        _write_file(md, plan_to_markdown(the_plan, curriculum))
    if ics is not None:
        from genlab.roadmap.ics import plan_to_ics

        _write_file(ics, plan_to_ics(the_plan))
    if json_output:
        _print_json({**the_plan.to_dict(), "model": model_summary(curriculum)})
        return
    from genlab.roadmap.render import render_plan

    render_plan(the_plan, model_summary(curriculum))
    for what, path in (("Markdown", md), ("iCalendar", ics)):
        if path is not None:
            sys.stdout.write(f"{what} plan written to {path}\n")


# -- genlab resources -------------------------------------------------------------------------------------

def resources(
    topic: Annotated[Optional[str], typer.Option(
        "--topic", metavar="TOPIC", help="one topic area, e.g. nlp, math, ethics")] = None,
    json_output: JsonOption = False,
    curriculum_path: CurriculumOption = None,
) -> None:
    """The open resources of the roadmap, by topic area."""
    from genlab.roadmap.views import resources_view

    areas = resources_view(_curriculum(curriculum_path), topic)
    if json_output:
        _print_json(areas)
        return
    from genlab.roadmap.render import render_resources

    render_resources(areas)
