"""The plan as an iCalendar file (RFC 5545): one all-day event per milestone still to do.

Written by hand (the format is small) so that no extra dependency is needed at run time; the
tests parse the output back with the ``icalendar`` library. Event UIDs are stable per
milestone, so importing a newer plan into a calendar moves the events instead of duplicating them.
"""

from __future__ import annotations

from datetime import timedelta

from genlab.roadmap.dates import utc_now
from genlab.roadmap.planner import Plan


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at ``limit`` octets without splitting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    pieces, start, width = [], 0, limit
    while start < len(data):
        end = min(start + width, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # inside a multi-byte char
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, width = end, limit - 1  # continuation lines start with one space
    return "\r\n ".join(pieces)


def plan_to_ics(plan: Plan, calendar_name: str = "genlab study plan") -> str:
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//genlab//roadmap plan//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(calendar_name)}",
    ]
    for item in plan.items:
        if item.start is None or item.due is None:
            continue  # done or skipped: nothing to schedule
        end = item.due if item.due > item.start else item.start + timedelta(days=1)
        description = (f"{item.planned_hours:.0f} h planned at {plan.hours_per_week:g} h/week "
                       f"(curriculum estimate {item.estimated_hours:.0f} h, pace "
                       f"{plan.pace.factor:.2f}).\nDetails: genlab milestone {item.milestone_id}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:genlab-milestone-{item.milestone_id}@genlab.plan",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{item.start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{escape_text(f'Milestone {item.milestone_id}: {item.title}')}",
            f"DESCRIPTION:{escape_text(description)}",
            f"CATEGORIES:genlab,{escape_text(f'phase {item.phase}')}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
