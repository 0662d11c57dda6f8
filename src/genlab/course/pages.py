"""The course site's Markdown pages, written from the curriculum and the exercise catalog."""

from __future__ import annotations


def home(curriculum, guides: list[str]) -> str:
    lines = [f"# {curriculum.title}", "", curriculum.note, "",
             "Each milestone's page says what to learn, where to read about it, and what to do "
             "in genlab: labs to train, guides to run (notebooks), exercises that check "
             "themselves. Install genlab and start with `genlab` (the roadmap) in a terminal.", ""]
    for phase in curriculum.phases:
        months = f"{phase.months_from}–{phase.months_to}" if phase.months_to is not None \
            else f"{phase.months_from}+"
        lines += [f"## Phase {phase.id}: {phase.title} (months {months})", "", phase.summary, ""]
        for m in curriculum.milestones:
            if m.phase == phase.id:
                lines.append(f"- [{m.id}. {m.title}](milestones/{m.id}.md): {m.summary}")
        lines.append("")
    return "\n".join(lines)


def milestone(curriculum, m, guides: list[str]) -> str:
    from genlab.guides import guides_for_milestone

    lines = [f"# {m.id}. {m.title}", "", m.summary, "", f"**Why:** {m.why}", "", "## Topics", ""]
    lines += [f"- {t}" for t in m.topics]
    lines += ["", "## Resources", ""]
    for rid in m.resources:
        r = curriculum.resource(rid)
        lines.append(f"- [{r.title}]({r.url}) ({r.kind})")
    if m.prerequisites:
        lines += ["", "## Before this", ""]
        lines += [f"- [{p}. {curriculum.milestone(p).title}]({p}.md)" for p in m.prerequisites]
    offers = _offers(m, [g for g in guides_for_milestone(m.id) if g.name in guides])
    lines += ["", "## In genlab", ""] + (offers or ["Nothing to run yet: see the checklist."])
    lines += ["", "## Checklist", ""]
    for n, a in enumerate(m.activities, 1):
        lines.append(f"{n}. {a.text} *Done when:* {a.done_when}" + (f" `{a.command}`" if a.command else ""))
    return "\n".join(lines) + "\n"


def _offers(m, guides) -> list[str]:
    from genlab.exercises.catalog import all_exercises

    rows = [f"- Guide: [{g.title}](../guides/{g.name}.ipynb) (`genlab notebook {g.name}`)" for g in guides]
    for link in m.links:
        state = "" if link.available else " (coming)"
        rows.append(f"- {link.kind.capitalize()} **{link.name}**{state}"
                    + (f": `{link.command}`" if link.command else "") + (f". {link.note}" if link.note else ""))
    rows += [f"- Exercise **{e.id}**: {e.title} (`genlab exercise start {e.id}`)"
             for e in all_exercises(m.id)]
    return rows


def exercise_list() -> str:
    from genlab.exercises.catalog import all_exercises

    lines = ["# Exercises", "",
             "Each exercise is one Python file to fill in. `genlab exercise start ID` copies its "
             "stub to your workspace; `genlab check ID` runs its checks and says, for every "
             "failure, what was expected, what came back and on which input.", "",
             "| id | title | milestone | topic |", "|---|---|---|---|"]
    for e in all_exercises():
        lines.append(f"| `{e.id}` | {e.title} | [{e.milestone}](milestones/{e.milestone}.md) | {e.topic} |")
    return "\n".join(lines) + "\n"
