"""Dates and timestamps: one strict input format, UTC timestamps in storage."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from genlab.errors import ConfigError


def parse_date(text: str, what: str = "date") -> date:
    """Parse ``YYYY-MM-DD``; anything else is a one-line :class:`ConfigError`."""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except (ValueError, TypeError):
        raise ConfigError(f"invalid {what} {text!r}: use YYYY-MM-DD, for example 2026-12-01") from None


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def noon_utc(day: date) -> datetime:
    """A calendar day given by the learner, stored as that day's noon UTC (no time-zone drift)."""
    return datetime.combine(day, time(12, 0), tzinfo=timezone.utc)


def to_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def from_iso(text: str | None) -> datetime | None:
    if text is None:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
