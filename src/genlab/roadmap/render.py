"""Drawing the roadmap's views in the terminal with rich (trees, tables, progress bars).

Every function takes the plain dictionaries of :mod:`.views` (or a :class:`~.planner.Plan`), so
what is shown and what ``--json`` prints cannot drift apart. rich is imported here only, and
this module is imported only by commands that draw.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

STATUS_STYLE = {
    "done": ("\u2714", "green", "done"),
    "in-progress": ("\u25b6", "yellow", "in progress"),
    "skipped": ("\u21b7", "dim", "skipped"),
    "not-started": ("\u00b7", "", "not started"),
}
EXERCISE_STYLE = {"passed": "green", "failing": "red", "gave-up": "dim", "not tried": ""}


def console() -> Console:
    return Console(highlight=False)


def status_text(status: str) -> Text:
    mark, style, words = STATUS_STYLE.get(status, ("?", "", status))
    return Text(f"{mark} {words}", style=style)


def _bar(percent: float, width: int = 24) -> Text:
    """A progress bar as plain text (cheaper to draw than a widget per phase)."""
    filled = round(width * percent / 100)
    return Text("\u2501" * filled, style="green") + Text("\u2501" * (width - filled),
                                                         style="grey30")


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


# -- genlab roadmap --------------------------------------------------------------------------------

def _phase_label(phase: dict) -> Text:
    title = _fit(f"Phase {phase['id']}  {phase['title']}", 30)
    label = Text(f"{title:<30}", style="bold") + _bar(phase["percent"], width=10)
    counted = phase["total"] - phase["skipped"]
    label.append(f" {phase['done']:>2}/{counted} done")
    label.append(f"  {phase['months']:<12}", style="dim")
    if phase["current"]:
        label.append(" \u25c0 current", style="bold cyan")
    return label


def _milestone_label(row: dict) -> Text:
    mark, style, words = STATUS_STYLE.get(row["status"], ("?", "", row["status"]))
    label = Text(f"{row['id']:>2}  {_fit(row['title'], 32):<32}  ")
    label.append(f"{mark} {words:<11}", style=style)
    if row["exercises"]:
        ex = row["exercises"]
        label.append(f" exercises {ex['passed']}/{ex['total']}",
                     style="green" if ex["passed"] == ex["total"] else "")
    act = row["activities"]
    if act["ticked"]:
        label.append(f" \u2611 {act['ticked']}/{act['total']}", style="dim")
    return label


def render_roadmap(view: dict) -> None:
    out = console()
    tree = Tree(Text(f"{view['title']}  \u2014  {view['done']}/{view['total']} milestones done",
                     style="bold"), guide_style="dim")
    for phase in view["phases"]:
        branch = tree.add(_phase_label(phase))
        for row in phase["milestones"]:
            branch.add(_milestone_label(row))
    out.print(tree)
    render_next(view["next"], out)


def render_next(step: dict, out: Console | None = None) -> None:
    out = out or console()
    text = Text("Next: ", style="bold cyan")
    if step["milestone"] is not None:
        text.append(f"milestone {step['milestone']} \u2014 {step['title']}\n", style="bold")
    text.append(step["action"])
    if step.get("command"):
        text.append("\n  $ ", style="dim")
        text.append(step["command"], style="bold")
    out.print(Padding(text, (1, 0, 0, 0)))


# -- genlab milestone N ----------------------------------------------------------------------------

def render_milestone(d: dict) -> None:
    out = console()
    out.print(Text(f"Milestone {d['id']}: {d['title']}", style="bold"))
    sub = Text(f"phase {d['phase']} {d['phase_title']} \u00b7 about {d['estimated_hours']:.0f} h   ",
               style="dim")
    out.print(sub + status_text(d["status"]) + (Text(" (shown by your work)", style="green")
                                                 if d.get("shown") else Text("")))
    out.print(Padding(Group(Text(d["summary"]), Text(f"Why: {d['why']}", style="italic")),
                      (1, 0, 1, 2)))

    out.print(Text("Topics", style="bold"))
    topics = _bullets()
    for topic in d["topics"]:
        topics.add_row("\u2022", Text(topic))
    out.print(topics)
    if d["prerequisites"]:
        out.print(Text("\nPrerequisites", style="bold"))
        for p in d["prerequisites"]:
            out.print(Text(f"  {p['id']:>2}  {p['title']}  ") + status_text(p["status"]))

    if d["resources"]:
        out.print(Text("\nResources", style="bold"))
        grid = _bullets()
        for r in d["resources"]:
            grid.add_row("\u2022", Text(r["title"]) + Text("\n" + r["url"], style="cyan"))
        out.print(grid)

    if d["links"] or d["exercises"] or d.get("guides"):
        table = Table(title="\nWhat genlab offers", title_justify="left", title_style="bold",
                      box=None, padding=(0, 2, 0, 2))
        for col in ("kind", "name", "", "how"):
            table.add_column(col)
        for link in d["links"]:
            if link.get("result"):
                avail = Text(link["result"], style=EXERCISE_STYLE.get(link["result"], ""))
            elif link["status"] == "available":
                avail = Text("available", style="green")
            else:
                avail = Text("coming", style="dim")
            how = Text(link["command"] or "", style="bold")
            if link["note"]:
                how.append(("\n" if link["command"] else "") + link["note"], style="")
            table.add_row(link["kind"], link["name"], avail, how)
        for ex in d["exercises"]:
            how = f"genlab {'exercise start' if ex['status'] == 'not tried' else 'check'} " \
                  f"{ex['id']}"
            table.add_row("exercise", ex["id"],
                          Text(ex["status"], style=EXERCISE_STYLE.get(ex["status"], "")),
                          Text(how, style="bold"))
        for g in d.get("guides", []):
            table.add_row("guide", g["name"], Text("notebook", style="green"),
                          Text(g["command"], style="bold") + Text("\n" + g["title"]))
        out.print(table)

    out.print(Text("\nChecklist", style="bold") +
              Text(f"  (tick with: genlab tick {d['id']} N)", style="dim"))
    checklist = Table.grid(padding=(0, 1, 0, 0))
    checklist.add_column(justify="right", min_width=4)
    checklist.add_column(min_width=3)
    checklist.add_column()
    for a in d["activities"]:
        box = Text("[x]", style="green") if a["ticked"] else Text("[ ]")
        body = Text(a["text"])
        if a["command"]:
            body.append(f"\n$ {a['command']}", style="bold")
        body.append(f"\ndone when: {a['done_when']}", style="dim")
        if a.get("shown_by"):
            body.append(f"\nshown by your work: {a['shown_by']}", style="green")
        elif a.get("evidence"):
            body.append(f"\ngenlab verify checks: {a['evidence']}", style="dim")
        checklist.add_row(f"{a['n']}.", box, body)
    out.print(checklist)

    if d["journal"]:
        out.print()
        render_journal(d["journal"], title="Journal", out=out)


# -- genlab journal --------------------------------------------------------------------------------

def render_journal(rows: list[dict], title: str = "Journal", out: Console | None = None) -> None:
    out = out or console()
    if not rows:
        out.print("The journal is empty. Add a note: genlab journal 7 --add \"what I learned\"")
        return
    table = Table(title=title, title_justify="left", title_style="bold", box=None,
                  padding=(0, 2, 0, 0))
    for col in ("date", "milestone", "entry"):
        table.add_column(col)
    for r in rows:
        entry = Text()
        if r["kind"] == "status":
            entry.append_text(status_text(r["status"]))
            if r["note"]:
                entry.append(f"  {r['note']}")
        else:
            entry.append(r["note"] or "")
        where = f"{r['milestone']} {r['title'] or ''}".strip() if r["milestone"] else "\u2014"
        table.add_row(r["date"], where, entry)
    out.print(table)


# -- genlab resources ------------------------------------------------------------------------------

def render_resources(areas: list[dict]) -> None:
    out = console()
    for area in areas:
        head = Text(area["title"], style="bold") + Text(f"  --topic {area['id']}", style="dim")
        out.print(head)
        if area["summary"]:
            out.print(Text(f"  {area['summary']}", style="italic"))
        grid = _bullets()
        for r in area["resources"]:
            used = ", ".join(str(i) for i in r["milestones"])
            line = Text(r["title"]) + Text(
                f"  ({r['kind']}{'; milestones ' + used if used else ''})", style="dim")
            line.append("\n" + r["url"], style="cyan")
            grid.add_row("\u2022", line)
        out.print(grid)
        out.print()


def _bullets() -> Table:
    """A two-column grid (bullet, text) so that wrapped lines keep their indent."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(justify="right", min_width=3)
    grid.add_column()
    return grid


# -- genlab plan -------------------------------------------------------------------------------------

def render_plan(plan, summary: str) -> None:
    out = console()
    head = Text(f"Plan at {plan.hours_per_week:g} h/week from {plan.start.isoformat()}: "
                f"{plan.remaining_hours:.0f} h to go, finishing about ", style="bold")
    head.append(plan.finish.isoformat(), style="bold cyan")
    out.print(head)
    out.print(Text(summary, style="dim"))
    out.print(Text(f"Pace: {plan.pace.describe()}"))
    if plan.schedule is not None:
        s = plan.schedule
        style = "green" if s.variance_weeks >= 0 else "red"
        line = Text("Schedule: ")
        line.append(s.verdict, style=f"bold {style}")
        line.append(f"  (since {s.since.isoformat()}: {s.earned_hours:.0f} h of milestones done, "
                    f"{s.expected_hours:.0f} h expected at {plan.hours_per_week:g} h/week)")
        out.print(line)

    table = Table(box=None, padding=(0, 1, 0, 0))
    table.add_column("#", justify="right")
    table.add_column("", width=1)
    table.add_column("milestone", no_wrap=True, overflow="ellipsis", max_width=34)
    table.add_column("est. h", justify="right")
    table.add_column("plan h", justify="right")
    table.add_column("start")
    table.add_column("due")
    for i in plan.items:
        mark, style, _ = STATUS_STYLE.get(i.status, ("?", "", ""))
        due = i.due.isoformat() if i.due else (f"({i.finished.isoformat()})" if i.finished else "")
        table.add_row(str(i.milestone_id), Text(mark, style=style), i.title,
                      f"{i.estimated_hours:.0f}", f"{i.planned_hours:.0f}" if i.start else "",
                      i.start.isoformat() if i.start else i.status, due)
    out.print()
    out.print(table)

    phases = Table(title="Phases compared with the roadmap", title_justify="left",
                   title_style="bold", box=None, padding=(0, 1, 0, 0))
    phases.add_column("phase", no_wrap=True, overflow="ellipsis", max_width=24)
    phases.add_column("roadmap", no_wrap=True)
    for col in ("est. h", "plan h"):
        phases.add_column(col, justify="right")
    phases.add_column("finish")
    phases.add_column("month", justify="right")
    phases.add_column("vs roadmap")
    for p in plan.phases:
        style = {"later": "red", "earlier": "green", "within": "green"}.get(p.verdict, "dim")
        phases.add_row(f"{p.phase_id} {p.title}", p.roadmap_months, f"{p.estimated_hours:.0f}",
                       f"{p.planned_hours:.0f}", p.finish.isoformat() if p.finish else "",
                       f"{p.month_of_finish:.1f}" if p.month_of_finish is not None else "",
                       Text(p.verdict, style=style))
    out.print()
    out.print(phases)
