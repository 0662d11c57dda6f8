"""What the roadmap says next, and how progress per phase is counted."""

from __future__ import annotations

from datetime import datetime, timezone

from genlab.roadmap.progress import MilestoneProgress, Snapshot
from genlab.roadmap.views import milestone_detail, next_step, overview

NOW = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)


def snap(statuses=None, ticks=None, exercises=None) -> Snapshot:
    milestones = {mid: MilestoneProgress(mid, s, NOW, None, NOW)
                  for mid, s in (statuses or {}).items()}
    return Snapshot(milestones, ticks or {}, exercises or {})


def test_next_step_walks_through_a_milestone(small):
    catalog = {1: ["ex-a"]}
    step = next_step(small, snap(), catalog)
    assert step["milestone"] == 1 and step["command"] == "genlab progress 1 in-progress"
    assert "genlab exercise start ex-a" in step["action"]

    started = {1: "in-progress"}
    step = next_step(small, snap(started), catalog)
    assert step["command"] == "genlab exercise start ex-a"
    step = next_step(small, snap(started, exercises={"ex-a": "failing"}), catalog)
    assert step["command"] == "genlab check ex-a"
    step = next_step(small, snap(started, exercises={"ex-a": "passed"}), catalog)
    assert step["command"] == "genlab tick 1 1" and step["action"].startswith("Activity 1 of 2")
    step = next_step(small, snap(started, ticks={1: {1, 2}}, exercises={"ex-a": "passed"}),
                     catalog)
    assert step["command"] == "genlab progress 1 done"


def test_next_milestone_needs_its_prerequisites(small):
    assert next_step(small, snap({1: "done"}), {})["milestone"] == 2
    assert next_step(small, snap({1: "skipped", 2: "done"}), {})["milestone"] == 3
    everything = {i: "done" for i in range(1, 6)}
    assert next_step(small, snap(everything), {})["milestone"] is None


def test_overview_counts_and_current_phase(small):
    view = overview(small, snap({1: "done", 2: "skipped", 3: "in-progress"}),
                    {3: ["x", "y"]})
    one, two, _ = view["phases"]
    assert (one["done"], one["skipped"], one["percent"]) == (1, 1, 100.0)
    assert view["current_phase"] == 2 and two["current"] and not one["current"]
    assert two["milestones"][0]["exercises"] == {"passed": 0, "total": 2}
    assert view["done"] == 1 and view["total"] == 5


def test_milestone_detail_merges_linked_and_catalog_exercises():
    from genlab.roadmap.loader import load_curriculum

    curriculum = load_curriculum()
    detail = milestone_detail(curriculum, 7, snap(exercises={"gradient-penalty": "passed"}),
                              {7: ["vae-reparam-kl", "gradient-penalty", "extra-one"]}, [], 60.0)
    results = {l["name"]: l["result"] for l in detail["links"] if l["kind"] == "exercise"}
    assert results == {"vae-reparam-kl": "not tried", "gradient-penalty": "passed"}
    assert detail["exercises"] == [{"id": "extra-one", "status": "not tried"}]
