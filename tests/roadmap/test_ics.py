"""The iCalendar and Markdown exports, parsed back with a real iCalendar library."""

from __future__ import annotations

from datetime import date, datetime, timezone

import icalendar

from genlab.roadmap.ics import escape_text, fold, plan_to_ics
from genlab.roadmap.loader import load_curriculum
from genlab.roadmap.markdown import plan_to_markdown
from genlab.roadmap.planner import make_plan
from genlab.roadmap.progress import MilestoneProgress


def events(text: str) -> list:
    calendar = icalendar.Calendar.from_ical(text)
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def test_one_event_per_milestone_with_the_plan_dates(small):
    plan = make_plan(small, {}, 10, date(2026, 1, 1), today=date(2026, 1, 1))
    text = plan_to_ics(plan)
    assert text.endswith("\r\n") and "\r\n" in text
    found = events(text)
    assert len(found) == 5
    first = found[0]
    assert str(first["SUMMARY"]) == "Milestone 1: M1"
    assert first.decoded("DTSTART") == date(2026, 1, 1)
    assert first.decoded("DTEND") == date(2026, 2, 16)
    assert [e.decoded("DTSTART") for e in found] == [i.start for i in plan.items]
    assert len({str(e["UID"]) for e in found}) == 5
    assert "65 h planned at 10 h/week" in str(first["DESCRIPTION"])


def test_done_milestones_have_no_event(small):
    noon = datetime(2026, 1, 2, 12, tzinfo=timezone.utc)
    history = {1: MilestoneProgress(1, "done", None, noon, noon)}
    plan = make_plan(small, history, 10, date(2026, 1, 3), today=date(2026, 1, 3))
    assert [str(e["SUMMARY"]) for e in events(plan_to_ics(plan))][0] == "Milestone 2: M2"


def test_packaged_plan_round_trips_with_long_unicode_lines():
    curriculum = load_curriculum()
    plan = make_plan(curriculum, {}, 8, date(2026, 12, 1), today=date(2026, 12, 1))
    text = plan_to_ics(plan, calendar_name="Étude plan, générative; long " * 4)
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    found = events(text)
    assert len(found) == 23
    assert str(found[6]["SUMMARY"]) == "Milestone 7: Advanced generative models"
    calendar = icalendar.Calendar.from_ical(text)  # unknown property: kept escaped
    assert str(calendar["X-WR-CALNAME"]) == escape_text("Étude plan, générative; long " * 4)


def test_titles_with_special_characters_survive(small):
    import dataclasses

    plan = make_plan(small, {}, 10, date(2026, 1, 1), today=date(2026, 1, 1))
    title = "Ethik, Fairness; und Verantwortung \\ für generative Modelle — " * 2
    item = dataclasses.replace(plan.items[0], title=title)
    plan = dataclasses.replace(plan, items=(item,) + plan.items[1:])
    assert str(events(plan_to_ics(plan))[0]["SUMMARY"]) == f"Milestone 1: {title}"


def test_escaping_and_folding_helpers():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("X:" + "é" * 60)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "X:" + "é" * 60


def test_markdown_plan(small):
    plan = make_plan(small, {}, 10, date(2026, 1, 1), today=date(2026, 1, 1))
    text = plan_to_markdown(plan, small)
    assert "| 1 | M1 | 1 | not-started | 65 | 65 | 2026-01-01 | 2026-02-16 |" in text
    assert "expected finish: **2026-08-17**" in text
    assert "## Phases compared with the roadmap" in text
