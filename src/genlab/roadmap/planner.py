"""A dated study plan from the learner's hours per week, re-estimated from their real pace.

The effort model, in four steps (all numbers come from the curriculum file):

1. **Phase months.** The roadmap gives each phase a month range, read as points on the
   learner's timeline: "phase 2: 12-18 months" means phase 2 is behind you after 12 to 18
   months. A phase therefore lasts from the midpoint of the previous phase's range to the
   midpoint of its own: phase 1 = (6+12)/2 - 0 = 9 months, phase 2 = 15 - 9 = 6, phase 3 =
   21 - 15 = 6. An open-ended phase ("24+") lasts ``plan.open_ended_months`` (6).
   (Reading the ranges as durations instead would make the roadmap 9+15+21+24 = 69 months long,
   which contradicts its own "mastery after 24+ months".)
2. **Phase hours** = phase months x 52/12 weeks per month x ``plan.basis_hours_per_week`` (10):
   phase 1 = 9 x 52/12 x 10 = 390 h; phases 2, 3 and 4 = 260 h each; 1,170 h in all.
3. **Milestone hours** = phase hours x the milestone's ``weight`` / the sum of the weights in its
   phase. Example: milestone 1 (weight 3 of 10 in phase 1) = 390 x 3/10 = 117 h.
4. **Dates.** Milestones are studied one after another in prerequisite order, in-progress ones
   first. A milestone of ``h`` hours takes ``h / hours_per_week x 7`` days; the due date of each
   is ``start + round(cumulative days)`` (halves round up), and the next one starts that day.

**Re-estimation from pace.** Only done milestones that were started (``progress N
in-progress``) and took at least one day are evidence. For each, the hours it used at the
learner's stated rate are ``elapsed days / 7 x hours_per_week``. The pace factor is

    pace = sum(hours used) / sum(estimated hours)        (clamped to [0.25, 4]; 1 without evidence)

and every remaining estimate is multiplied by it. An in-progress milestone keeps what is left of
its adjusted estimate after the hours already spent on it (at least 10 % of it).

**Ahead or behind** (earned value): since the first recorded start or finish, the plan expected
``weeks elapsed x hours_per_week`` hours of work (at most the whole roadmap); the learner earned
the estimated hours of every done milestone. ``(earned - expected) / hours_per_week`` is the
number of weeks ahead (positive) or behind (negative); within half a week counts as on schedule.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from genlab.errors import ConfigError
from genlab.roadmap.model import Curriculum
from genlab.roadmap.progress import MilestoneProgress

WEEKS_PER_MONTH = 52 / 12
PACE_LIMITS = (0.25, 4.0)
MIN_EVIDENCE_DAYS = 1.0
MIN_REMAINING_SHARE = 0.1
ON_SCHEDULE_WEEKS = 0.5
MAX_HOURS_PER_WEEK = 100.0


def round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


# -- the effort model -------------------------------------------------------------------------------

def phase_months(curriculum: Curriculum) -> dict[int, float]:
    """Months of study per phase (step 1 of the model)."""
    months: dict[int, float] = {}
    previous_mid = 0.0
    for phase in sorted(curriculum.phases, key=lambda p: p.id):
        if phase.months_to is None:
            months[phase.id] = curriculum.plan.open_ended_months
        else:
            mid = (phase.months_from + phase.months_to) / 2
            months[phase.id] = mid - previous_mid
            previous_mid = mid
    return months


def phase_hours(curriculum: Curriculum) -> dict[int, float]:
    """Hours of study per phase at the curriculum's basis rate (step 2)."""
    basis = curriculum.plan.basis_hours_per_week
    return {pid: m * WEEKS_PER_MONTH * basis for pid, m in phase_months(curriculum).items()}


def milestone_hours(curriculum: Curriculum) -> dict[int, float]:
    """Estimated hours per milestone: its weighted share of its phase's hours (step 3)."""
    per_phase = phase_hours(curriculum)
    hours: dict[int, float] = {}
    for phase in curriculum.phases:
        members = curriculum.milestones_of(phase.id)
        total_weight = sum(m.weight for m in members)
        for m in members:
            hours[m.id] = per_phase[phase.id] * m.weight / total_weight
    return hours


def model_summary(curriculum: Curriculum) -> str:
    """The effort model in two sentences, with this curriculum's numbers."""
    hours = phase_hours(curriculum)
    per_phase = ", ".join(f"phase {pid} {h:.0f} h" for pid, h in sorted(hours.items()))
    return (f"Estimates: the roadmap's month ranges read as a timeline, at a basis of "
            f"{curriculum.plan.basis_hours_per_week:g} h/week ({per_phase}; "
            f"{sum(hours.values()):.0f} h in all), split across each phase's milestones by "
            f"weight. Dates follow your hours per week; remaining estimates are multiplied by "
            f"your measured pace.")


def check_hours_per_week(hours_per_week: float) -> float:
    if not (0 < hours_per_week <= MAX_HOURS_PER_WEEK) or math.isnan(hours_per_week):
        raise ConfigError(f"hours per week must be more than 0 and at most "
                          f"{MAX_HOURS_PER_WEEK:g}, not {hours_per_week:g}")
    return hours_per_week


# -- pace and schedule from history -----------------------------------------------------------------

@dataclass(frozen=True)
class PaceEvidence:
    milestone_id: int
    estimated_hours: float
    elapsed_days: float
    used_hours: float


@dataclass(frozen=True)
class Pace:
    factor: float              # what remaining estimates are multiplied by
    measured: float | None     # the unclamped ratio, None without evidence
    evidence: tuple[PaceEvidence, ...] = ()

    @property
    def clamped(self) -> bool:
        return self.measured is not None and self.measured != self.factor

    def describe(self) -> str:
        if self.measured is None:
            return ("no finished milestone with a start date yet: the plan uses the "
                    "curriculum's estimates as they are")
        n = len(self.evidence)
        used = sum(e.used_hours for e in self.evidence)
        est = sum(e.estimated_hours for e in self.evidence)
        text = (f"from {n} finished milestone{'s' if n != 1 else ''}: {used:.0f} h used / "
                f"{est:.0f} h estimated = pace {self.measured:.2f}")
        if self.clamped:
            text += f" (limited to {self.factor:g})"
        return text


def measure_pace(curriculum: Curriculum, progress: dict[int, MilestoneProgress],
                 hours_per_week: float) -> Pace:
    """The pace factor: hours actually used / hours estimated, over finished milestones."""
    estimates = milestone_hours(curriculum)
    evidence = []
    for m in curriculum.milestones:
        p = progress.get(m.id)
        if p is None or p.status != "done" or not (p.started_at and p.finished_at):
            continue
        days = (p.finished_at - p.started_at).total_seconds() / 86400
        if days >= MIN_EVIDENCE_DAYS:
            evidence.append(PaceEvidence(m.id, estimates[m.id], days,
                                         days / 7 * hours_per_week))
    if not evidence:
        return Pace(1.0, None)
    measured = sum(e.used_hours for e in evidence) / sum(e.estimated_hours for e in evidence)
    factor = min(max(measured, PACE_LIMITS[0]), PACE_LIMITS[1])
    return Pace(factor, measured, tuple(evidence))


@dataclass(frozen=True)
class Schedule:
    """Earned value: how far the learner is ahead of (or behind) a plan started on ``since``."""

    since: date
    elapsed_weeks: float
    expected_hours: float
    earned_hours: float
    variance_weeks: float       # positive: ahead

    @property
    def verdict(self) -> str:
        if abs(self.variance_weeks) < ON_SCHEDULE_WEEKS:
            return "on schedule"
        word = "ahead" if self.variance_weeks > 0 else "behind"
        return f"{abs(self.variance_weeks):.1f} weeks {word}"


def schedule_status(curriculum: Curriculum, progress: dict[int, MilestoneProgress],
                    hours_per_week: float, today: date) -> Schedule | None:
    """Ahead or behind, from the first recorded start/finish; None without history."""
    moments = [t for p in progress.values() if p.status != "not-started"
               for t in (p.started_at, p.finished_at) if t is not None]
    if not moments:
        return None
    since = min(moments).date()
    estimates = milestone_hours(curriculum)
    status = {mid: p.status for mid, p in progress.items()}
    planned_total = sum(h for mid, h in estimates.items() if status.get(mid) != "skipped")
    elapsed_weeks = max((today - since).days, 0) / 7
    expected = min(elapsed_weeks * hours_per_week, planned_total)
    earned = sum(h for mid, h in estimates.items() if status.get(mid) == "done")
    return Schedule(since, elapsed_weeks, expected, earned, (earned - expected) / hours_per_week)


# -- the dated plan ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanItem:
    milestone_id: int
    title: str
    phase: int
    status: str
    estimated_hours: float          # the curriculum's estimate
    planned_hours: float            # what is left, after the pace factor; 0 when finished
    start: date | None              # planned dates (None for done or skipped milestones)
    due: date | None
    finished: date | None = None    # actual finish date of done/skipped milestones


@dataclass(frozen=True)
class PhaseOutlook:
    """One phase of the plan next to the roadmap's own estimate."""

    phase_id: int
    title: str
    roadmap_months: str             # e.g. "6-12 months"
    estimated_hours: float
    planned_hours: float
    finish: date | None
    month_of_finish: float | None   # months after the learner's start
    verdict: str                    # earlier / within / later than the roadmap's range


@dataclass(frozen=True)
class Plan:
    hours_per_week: float
    start: date
    origin: date                    # the learner's first recorded activity, else ``start``
    pace: Pace
    schedule: Schedule | None
    items: tuple[PlanItem, ...]
    phases: tuple[PhaseOutlook, ...]
    remaining_hours: float
    finish: date

    def to_dict(self) -> dict:
        data = asdict(self)
        data["pace"]["description"] = self.pace.describe()
        if self.schedule is not None:
            data["schedule"]["verdict"] = self.schedule.verdict
        return _jsonable(data)


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 3)
    return value


def _verdict(month: float | None, months_from: int, months_to: int | None) -> str:
    """Where the planned finish falls relative to the roadmap's range for the phase."""
    if month is None:
        return "no dates"
    if months_to is None:
        return "open-ended"
    if month < months_from:
        return "earlier"
    if month > months_to:
        return "later"
    return "within"


def make_plan(curriculum: Curriculum, progress: dict[int, MilestoneProgress],
              hours_per_week: float, start: date, today: date) -> Plan:
    """The dated plan (see the module docstring for every formula)."""
    rate = check_hours_per_week(hours_per_week)
    estimates = milestone_hours(curriculum)
    pace = measure_pace(curriculum, progress, rate)
    schedule = schedule_status(curriculum, progress, rate, today)

    def status_of(mid: int) -> str:
        return progress[mid].status if mid in progress else "not-started"

    order = curriculum.ordered()
    queue = [m for m in order if status_of(m.id) == "in-progress"] + \
            [m for m in order if status_of(m.id) == "not-started"]
    planned: dict[int, PlanItem] = {}
    cursor_days = 0.0
    for m in queue:
        hours = estimates[m.id] * pace.factor
        started = progress[m.id].started_at if m.id in progress else None
        if status_of(m.id) == "in-progress" and started is not None:
            spent = max((today - started.date()).days, 0) / 7 * rate
            hours = max(hours - spent, MIN_REMAINING_SHARE * hours)
        first = start + timedelta(days=round_half_up(cursor_days))
        cursor_days += hours / rate * 7
        planned[m.id] = PlanItem(m.id, m.title, m.phase, status_of(m.id), estimates[m.id],
                                 hours, first, start + timedelta(days=round_half_up(cursor_days)))

    # Finished milestones first (as recorded), then the queue in the order it is scheduled.
    items = []
    for m in order:
        if m.id not in planned:
            finished = progress[m.id].finished_at
            items.append(PlanItem(m.id, m.title, m.phase, status_of(m.id), estimates[m.id], 0.0,
                                  None, None, finished.date() if finished else None))
    items += [planned[m.id] for m in queue]

    origin = schedule.since if schedule else start
    outlooks = []
    for phase in curriculum.phases:
        members = [i for i in items if i.phase == phase.id]
        ends = [i.due or i.finished for i in members if (i.due or i.finished)]
        finish = max(ends) if ends else None
        month = (finish - origin).days / 7 / WEEKS_PER_MONTH if finish else None
        outlooks.append(PhaseOutlook(
            phase.id, phase.title, phase.months_label,
            sum(i.estimated_hours for i in members), sum(i.planned_hours for i in members),
            finish, month, _verdict(month, phase.months_from, phase.months_to)))

    return Plan(rate, start, origin, pace, schedule, tuple(items), tuple(outlooks),
                sum(i.planned_hours for i in items),
                start + timedelta(days=round_half_up(cursor_days)))
