"""The plan as a Markdown document (``genlab plan --md FILE``)."""

from __future__ import annotations

from genlab.roadmap.model import Curriculum
from genlab.roadmap.planner import Plan, model_summary


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def plan_to_markdown(plan: Plan, curriculum: Curriculum) -> str:
    out = [
        f"# Study plan: {curriculum.title}",
        "",
        f"- Hours per week: **{plan.hours_per_week:g}**",
        f"- Plan starts: {plan.start.isoformat()}; expected finish: **{plan.finish.isoformat()}**",
        f"- Remaining work: {plan.remaining_hours:.0f} h",
        f"- Pace: {plan.pace.describe()}",
    ]
    if plan.schedule is not None:
        out.append(f"- Progress since {plan.schedule.since.isoformat()}: {plan.schedule.verdict} "
                   f"({plan.schedule.earned_hours:.0f} h earned of "
                   f"{plan.schedule.expected_hours:.0f} h expected)")
    out += ["", f"> {model_summary(curriculum)}", "", "## Milestones", "",
            "| # | milestone | phase | status | estimate (h) | planned (h) | start | due |",
            "|---|---|---|---|---|---|---|---|"]
    for i in plan.items:
        start = i.start.isoformat() if i.start else ""
        due = i.due.isoformat() if i.due else (f"finished {i.finished.isoformat()}"
                                               if i.finished else "")
        out.append(f"| {i.milestone_id} | {_cell(i.title)} | {i.phase} | {i.status} | "
                   f"{i.estimated_hours:.0f} | {i.planned_hours:.0f} | {start} | {due} |")
    out += ["", "## Phases compared with the roadmap", "",
            "| phase | roadmap | estimate (h) | planned (h) | finish | month | verdict |",
            "|---|---|---|---|---|---|---|"]
    for p in plan.phases:
        finish = p.finish.isoformat() if p.finish else ""
        month = f"{p.month_of_finish:.1f}" if p.month_of_finish is not None else ""
        out.append(f"| {p.phase_id} {_cell(p.title)} | {p.roadmap_months} | "
                   f"{p.estimated_hours:.0f} | {p.planned_hours:.0f} | {finish} | {month} | "
                   f"{p.verdict} |")
    out += ["", f"_{curriculum.note}_" if curriculum.note else "", ""]
    return "\n".join(out)
