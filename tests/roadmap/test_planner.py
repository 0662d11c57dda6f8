"""The planner's arithmetic, checked against numbers computed by hand (see each docstring)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from genlab.errors import ConfigError
from genlab.roadmap.loader import load_curriculum
from genlab.roadmap.planner import (make_plan, measure_pace, milestone_hours, phase_hours,
                                    phase_months, schedule_status)
from genlab.roadmap.progress import MilestoneProgress


def noon(y, m, d):
    return datetime(y, m, d, 12, tzinfo=timezone.utc)


def progress(**entries) -> dict[int, MilestoneProgress]:
    """``progress(m1=("done", start, finish), ...)``."""
    out = {}
    for key, (status, started, finished) in entries.items():
        mid = int(key[1:])
        out[mid] = MilestoneProgress(mid, status, started, finished, finished or started)
    return out


def test_packaged_effort_model():
    """Phase 1 6-12 -> 9 months; 12-18 -> 15 - 9 = 6; 18-24 -> 6; 24+ -> 6 (open-ended).
    Hours: 9 x 52/12 x 10 = 390; 6 x 52/12 x 10 = 260. Milestone 1: weight 3 of 10 -> 117 h."""
    c = load_curriculum()
    assert phase_months(c) == {1: 9.0, 2: 6.0, 3: 6.0, 4: 6.0}
    assert phase_hours(c) == pytest.approx({1: 390.0, 2: 260.0, 3: 260.0, 4: 260.0})
    hours = milestone_hours(c)
    assert hours[1] == pytest.approx(117.0)   # 390 x 3/10
    assert hours[4] == pytest.approx(39.0)    # 390 x 1/10
    assert hours[7] == pytest.approx(60.0)    # 260 x 3/13
    assert hours[15] == pytest.approx(80.0)   # 260 x 4/13
    assert sum(hours.values()) == pytest.approx(1170.0)


def test_small_effort_model(small):
    assert phase_months(small) == {1: 3.0, 2: 3.0, 3: 1.5}
    assert milestone_hours(small) == pytest.approx({1: 65, 2: 65, 3: 97.5, 4: 32.5, 5: 65})


def test_fresh_plan_dates(small):
    """10 h/week from 2026-01-01. Days per milestone = hours / 10 x 7:
    m1 45.5 -> cumulative 45.5 -> due +46 = 02-16;  m2 +45.5 = 91 -> 04-02;
    m3 +68.25 = 159.25 -> +159 = 06-09;  m4 +22.75 = 182 -> 07-02;  m5 +45.5 = 227.5 -> +228 = 08-17."""
    plan = make_plan(small, {}, 10, date(2026, 1, 1), today=date(2026, 1, 1))
    dates = [(i.milestone_id, i.start.isoformat(), i.due.isoformat()) for i in plan.items]
    assert dates == [
        (1, "2026-01-01", "2026-02-16"),
        (2, "2026-02-16", "2026-04-02"),
        (3, "2026-04-02", "2026-06-09"),
        (4, "2026-06-09", "2026-07-02"),
        (5, "2026-07-02", "2026-08-17"),
    ]
    assert plan.finish == date(2026, 8, 17)
    assert plan.remaining_hours == pytest.approx(325)
    assert plan.pace.factor == 1.0 and plan.pace.measured is None
    assert plan.schedule is None


def test_hours_per_week_scale_the_dates(small):
    """At 5 h/week every duration doubles: m1 = 65 / 5 x 7 = 91 days -> 2026-04-02."""
    plan = make_plan(small, {}, 5, date(2026, 1, 1), today=date(2026, 1, 1))
    assert plan.items[0].due == date(2026, 4, 2)
    assert plan.finish == date(2026, 1, 1).fromordinal(date(2026, 1, 1).toordinal() + 455)


def test_phase_outlook_against_the_roadmap(small):
    """Phase 1 ends 2026-04-02 = 91 days = 13 weeks = 3.0 months after the start: within 2-4.
    Phase 2 ends 2026-07-02 = 182 days = 6.0 months: within 4-8. Phase 3 is open-ended."""
    plan = make_plan(small, {}, 10, date(2026, 1, 1), today=date(2026, 1, 1))
    one, two, three = plan.phases
    assert one.month_of_finish == pytest.approx(3.0) and one.verdict == "within"
    assert two.month_of_finish == pytest.approx(6.0) and two.verdict == "within"
    assert three.verdict == "open-ended"
    slow = make_plan(small, {}, 2, date(2026, 1, 1), today=date(2026, 1, 1))
    assert slow.phases[0].verdict == "later"   # 5x slower: 15 months for phase 1
    fast = make_plan(small, {}, 40, date(2026, 1, 1), today=date(2026, 1, 1))
    assert fast.phases[0].verdict == "earlier"  # 0.75 months


def test_pace_from_one_milestone(small):
    """m1 took 91 days (2026-01-01 to 04-02) at 10 h/week = 13 weeks = 130 h used for a
    65 h estimate: pace 2.0. m2 (65 h) becomes 130 h = 91 days: 04-02 + 91 = 07-02."""
    history = progress(m1=("done", noon(2026, 1, 1), noon(2026, 4, 2)))
    pace = measure_pace(small, history, 10)
    assert pace.measured == pytest.approx(2.0) and pace.factor == pytest.approx(2.0)
    assert [e.used_hours for e in pace.evidence] == pytest.approx([130.0])
    plan = make_plan(small, history, 10, date(2026, 4, 2), today=date(2026, 4, 2))
    m2 = next(i for i in plan.items if i.milestone_id == 2)
    assert m2.planned_hours == pytest.approx(130.0)
    assert (m2.start, m2.due) == (date(2026, 4, 2), date(2026, 7, 2))
    done = next(i for i in plan.items if i.milestone_id == 1)
    assert (done.status, done.start, done.finished) == ("done", None, date(2026, 4, 2))


def test_pace_pools_milestones(small):
    """m1: 91 days -> 130 h used; m2: 14 days -> 20 h used. (130 + 20) / (65 + 65) = 1.1538."""
    history = progress(m1=("done", noon(2026, 1, 1), noon(2026, 4, 2)),
                       m2=("done", noon(2026, 4, 2), noon(2026, 4, 16)))
    assert measure_pace(small, history, 10).factor == pytest.approx(150 / 130)


def test_pace_ignores_bookkeeping_and_is_clamped(small):
    """Done without a start, or within a day of starting, is not evidence. 2 days for 65 h
    gives 2/7 x 10 = 2.86 h used: pace 0.044, limited to 0.25."""
    history = progress(m1=("done", None, noon(2026, 1, 5)),
                       m2=("done", noon(2026, 1, 5), datetime(2026, 1, 5, 20, tzinfo=timezone.utc)))
    assert measure_pace(small, history, 10).measured is None
    quick = progress(m1=("done", noon(2026, 1, 1), noon(2026, 1, 3)))
    pace = measure_pace(small, quick, 10)
    assert pace.measured == pytest.approx(2 / 7 * 10 / 65)
    assert pace.factor == 0.25 and pace.clamped


def test_in_progress_milestone_keeps_what_is_left(small):
    """m1 started 14 days before today at 10 h/week: 20 h spent, 65 - 20 = 45 h left.
    Started 100 days ago: 142.9 h spent, but at least 10 % (6.5 h) stays planned."""
    history = progress(m1=("in-progress", noon(2026, 1, 1), None))
    plan = make_plan(small, history, 10, date(2026, 1, 15), today=date(2026, 1, 15))
    first = plan.items[0]
    assert (first.milestone_id, first.status) == (1, "in-progress")
    assert first.planned_hours == pytest.approx(45.0)
    assert first.due == date(2026, 2, 16)  # 45 h = 31.5 days -> +32 (halves round up)
    late = make_plan(small, history, 10, date(2026, 4, 11), today=date(2026, 4, 11))
    assert late.items[0].planned_hours == pytest.approx(6.5)


def test_ahead_and_behind(small):
    """Behind: m1 started 01-01, done 02-12; today 03-12 = 10 weeks -> 100 h expected at
    10 h/week, 65 h earned: (65 - 100) / 10 = -3.5 weeks. Ahead: m1 and m2 done by 02-12
    (6 weeks -> 60 h expected, 130 h earned): +7 weeks."""
    behind = schedule_status(small, progress(m1=("done", noon(2026, 1, 1), noon(2026, 2, 12))),
                             10, date(2026, 3, 12))
    assert behind.since == date(2026, 1, 1)
    assert (behind.expected_hours, behind.earned_hours) == pytest.approx((100.0, 65.0))
    assert behind.variance_weeks == pytest.approx(-3.5)
    assert behind.verdict == "3.5 weeks behind"
    ahead = schedule_status(small, progress(m1=("done", noon(2026, 1, 1), noon(2026, 1, 20)),
                                            m2=("done", noon(2026, 1, 20), noon(2026, 2, 12))),
                            10, date(2026, 2, 12))
    assert ahead.variance_weeks == pytest.approx(7.0) and ahead.verdict == "7.0 weeks ahead"
    on_time = schedule_status(small, progress(m1=("done", noon(2026, 1, 1), noon(2026, 2, 15))),
                              10, date(2026, 2, 15))
    assert on_time.verdict == "on schedule"  # 45 days = 64.3 h expected, 65 earned


def test_skipped_milestones_are_not_planned(small):
    history = progress(m3=("skipped", None, noon(2026, 1, 1)))
    plan = make_plan(small, history, 10, date(2026, 1, 1), today=date(2026, 1, 1))
    assert [i.milestone_id for i in plan.items if i.start] == [1, 2, 4, 5]
    assert plan.remaining_hours == pytest.approx(65 + 65 + 32.5 + 65)


@pytest.mark.parametrize("rate", [0, -1, 101, float("nan")])
def test_hours_per_week_must_be_sensible(small, rate):
    with pytest.raises(ConfigError, match="hours per week"):
        make_plan(small, {}, rate, date(2026, 1, 1), today=date(2026, 1, 1))


def test_plan_json_is_serializable(small):
    import json

    history = progress(m1=("done", noon(2026, 1, 1), noon(2026, 4, 2)))
    data = make_plan(small, history, 10, date(2026, 4, 2), today=date(2026, 4, 2)).to_dict()
    text = json.dumps(data)
    assert data["pace"]["factor"] == 2.0 and "130 h used / 65 h estimated" in text


def test_plan_properties_for_any_rate_and_start():
    """For any rate and start day: dates never go backwards, each milestone ends where the next
    begins, and the total span is the total hours / rate x 7 days, give or take rounding."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    curriculum = load_curriculum()

    @settings(max_examples=60, deadline=None)
    @given(rate=st.floats(min_value=0.5, max_value=100), day=st.dates(date(2000, 1, 1),
                                                                       date(2100, 1, 1)))
    def check(rate, day):
        plan = make_plan(curriculum, {}, rate, day, today=day)
        items = plan.items
        assert items[0].start == day
        for a, b in zip(items, items[1:]):
            assert a.start <= a.due == b.start <= b.due
        span = (plan.finish - day).days
        assert abs(span - 1170 / rate * 7) <= 0.5 + 1e-6
        assert plan.remaining_hours == pytest.approx(1170)

    check()
