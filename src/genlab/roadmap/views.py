"""Answers to the learner's questions, as plain JSON-ready dictionaries.

``--json`` prints these directly; :mod:`.render` draws them with rich. Keeping the questions
("where am I?", "what next?", "what is milestone 7?") apart from the drawing keeps both simple.
"""

from __future__ import annotations

from genlab.roadmap.evidence import describe
from genlab.roadmap.model import Curriculum, Milestone
from genlab.roadmap.progress import JournalEntry, Snapshot

FINISHED = ("done", "skipped")


def prerequisites_met(milestone: Milestone, snap: Snapshot) -> bool:
    return all(snap.status(p) in FINISHED for p in milestone.prerequisites)


def current_milestone(curriculum: Curriculum, snap: Snapshot) -> Milestone | None:
    """The milestone to work on: the first one in progress, else the first one whose
    prerequisites are met; None when everything is done or skipped."""
    order = curriculum.ordered()
    for m in order:
        if snap.status(m.id) == "in-progress":
            return m
    for m in order:
        if snap.status(m.id) == "not-started" and prerequisites_met(m, snap):
            return m
    return None


def next_step(curriculum: Curriculum, snap: Snapshot,
              exercises: dict[int, list[str]]) -> dict:
    """The single most useful next step, with the command that does it."""
    m = current_milestone(curriculum, snap)
    if m is None:
        return {"milestone": None, "title": None, "command": None,
                "action": "Every milestone is done or skipped. Keep the phase 4 habits going, "
                          "and re-plan with `genlab plan` when you take on something new."}
    started = snap.status(m.id) == "in-progress"
    todo_exercises = [e for e in exercises.get(m.id, []) if snap.exercises.get(e) != "passed"]
    ticked = snap.ticks.get(m.id, set())
    open_activities = [(n, a) for n, a in enumerate(m.activities, 1) if n not in ticked]

    if todo_exercises:
        exercise = todo_exercises[0]
        tried = exercise in snap.exercises
        first = (f"{'finish' if tried else 'solve'} exercise {exercise!r} "
                 f"({len(todo_exercises)} of {len(exercises[m.id])} exercises left)")
        command = f"genlab check {exercise}" if tried else f"genlab exercise start {exercise}"
    elif open_activities:
        n, activity = open_activities[0]
        first = f"activity {n} of {len(m.activities)}: {activity.text}"
        command = activity.command or f"genlab tick {m.id} {n}"
        if activity.command:
            first += f" (then `genlab tick {m.id} {n}`)"
    else:
        first, command = "every activity is ticked: mark the milestone done", \
            f"genlab progress {m.id} done"

    if started:
        action = first[0].upper() + first[1:]
    else:  # the step is to start it; say what comes first, with its command if it has one
        action = f"Start milestone {m.id}; then {first}"
        if not command.startswith(("genlab tick", "genlab progress")):
            action += f" (`{command}`)"
        command = f"genlab progress {m.id} in-progress"
    return {"milestone": m.id, "title": m.title, "action": action, "command": command}


def _percent(done: int, total: int) -> float:
    return 100.0 if total == 0 else round(100.0 * done / total, 1)


def overview(curriculum: Curriculum, snap: Snapshot, exercises: dict[int, list[str]],
             phase: int | None = None) -> dict:
    """The roadmap with statuses, per-phase progress, the current phase and the next step."""
    step = next_step(curriculum, snap, exercises)
    current = curriculum.milestone(step["milestone"]).phase if step["milestone"] else \
        max(p.id for p in curriculum.phases)
    phases = []
    for p in curriculum.phases:
        if phase is not None and p.id != phase:
            continue
        rows = []
        for m in curriculum.milestones_of(p.id):
            ids = exercises.get(m.id, [])
            rows.append({
                "id": m.id, "title": m.title, "status": snap.status(m.id),
                "exercises": {"passed": sum(snap.exercises.get(e) == "passed" for e in ids),
                              "total": len(ids)} if ids else None,
                "activities": {"ticked": len(snap.ticks.get(m.id, set()) &
                                             set(range(1, len(m.activities) + 1))),
                               "total": len(m.activities)},
            })
        counts = {s: sum(r["status"] == s for r in rows)
                  for s in ("done", "in-progress", "skipped", "not-started")}
        phases.append({
            "id": p.id, "title": p.title, "months": p.months_label, "summary": p.summary,
            "current": p.id == current, **{k.replace("-", "_"): v for k, v in counts.items()},
            "total": len(rows),
            "percent": _percent(counts["done"], len(rows) - counts["skipped"]),
            "milestones": rows,
        })
    total = len(curriculum.milestones)
    done = sum(snap.status(m.id) == "done" for m in curriculum.milestones)
    return {"title": curriculum.title, "note": curriculum.note, "done": done, "total": total,
            "current_phase": current, "phases": phases, "next": step}


def journal_rows(entries: list[JournalEntry], curriculum: Curriculum) -> list[dict]:
    titles = {m.id: m.title for m in curriculum.milestones}
    return [{"at": e.at.isoformat(), "date": e.at.date().isoformat(),
             "milestone": e.milestone_id, "title": titles.get(e.milestone_id),
             "kind": e.kind, "status": e.status, "note": e.note} for e in entries]


def milestone_detail(curriculum: Curriculum, milestone_id: int, snap: Snapshot,
                     exercises: dict[int, list[str]], journal: list[JournalEntry],
                     estimated_hours: float) -> dict:
    m = curriculum.milestone(milestone_id)
    catalog_ids = exercises.get(m.id, [])
    linked = {link.name for link in m.links if link.kind == "exercise"}
    progress = snap.milestones.get(m.id)
    ticked = snap.ticks.get(m.id, set())
    return {
        "id": m.id, "title": m.title, "phase": m.phase,
        "phase_title": curriculum.phase(m.phase).title,
        "status": snap.status(m.id),
        "started_at": progress.started_at.isoformat() if progress and progress.started_at else None,
        "finished_at": progress.finished_at.isoformat() if progress and progress.finished_at
        else None,
        "summary": m.summary, "why": m.why, "topics": list(m.topics),
        "estimated_hours": round(estimated_hours, 1),
        "prerequisites": [{"id": p, "title": curriculum.milestone(p).title,
                           "status": snap.status(p)} for p in m.prerequisites],
        "resources": [{"id": r.id, "title": r.title, "url": r.url, "kind": r.kind}
                      for r in (curriculum.resource(rid) for rid in m.resources)],
        "links": [{"kind": link.kind, "name": link.name, "status": link.status,
                   "command": link.command, "note": link.note,
                   # an exercise the catalog already has: show the learner's result instead
                   "result": snap.exercises.get(link.name, "not tried")
                   if link.kind == "exercise" and link.name in catalog_ids else None}
                  for link in m.links],
        "exercises": [{"id": e, "status": snap.exercises.get(e, "not tried")}
                      for e in catalog_ids if e not in linked],
        "guides": guide_rows(m.id),
        "shown": all((m.id, n) in snap.evidence for n, a in enumerate(m.activities, 1) if a.rule)
        and any(a.rule for a in m.activities),
        "activities": [{"n": n, "text": a.text, "done_when": a.done_when, "command": a.command,
                        "ticked": n in ticked, "shown_by": snap.evidence.get((m.id, n)),
                        "evidence": describe(a.rule) if a.rule else None}
                       for n, a in enumerate(m.activities, 1)],
        "journal": journal_rows(journal, curriculum),
    }


def guide_rows(milestone_id: int) -> list[dict]:
    """The lab guides (notebooks) of a milestone; genlab.guides is cheap to import (no torch)."""
    from genlab.guides import guides_for_milestone

    return [{"name": g.name, "title": g.title, "command": f"genlab notebook {g.name}"}
            for g in guides_for_milestone(milestone_id)]


def resources_view(curriculum: Curriculum, topic: str | None = None) -> list[dict]:
    areas = [curriculum.topic(topic)] if topic else list(curriculum.topics)
    used_by: dict[str, list[int]] = {}
    for m in curriculum.milestones:
        for rid in m.resources:
            used_by.setdefault(rid, []).append(m.id)
    return [{"id": a.id, "title": a.title, "summary": a.summary,
             "resources": [{"id": r.id, "title": r.title, "url": r.url, "kind": r.kind,
                            "milestones": used_by.get(r.id, [])} for r in a.resources]}
            for a in areas]
