"""Where an exercise's outcome is recorded: the roadmap's progress database, the one record.

:class:`genlab.roadmap.progress.ProgressStore` holds each exercise's latest outcome (passed,
failing or gave-up), which the roadmap and the dashboard show. The workspace's state file keeps
only what the database does not: the hints revealed, whether the solution was shown (a give-up),
and which exercise is current. A pass is never downgraded: a later failing check, or giving up
after passing, leaves "passed" recorded.
"""

from __future__ import annotations

from genlab.roadmap.progress import ProgressStore

STATUSES = ("not-started", "failing", "passed")


class ExerciseProgress:
    def __init__(self, workspace, store: ProgressStore | None = None):
        self.workspace = workspace
        self.store = store if store is not None else ProgressStore()

    def record(self, exercise, status: str) -> None:
        """Record ``status`` (passed, failing or gave-up) for ``exercise``."""
        if status not in ("passed", "failing", "gave-up"):
            raise ValueError(f"bad exercise status {status!r}")
        if status == "gave-up":
            self.workspace.update(exercise.id, gave_up=True)
        if status != "passed" and self.raw_status(exercise.id) == "passed":
            return
        with self.store as store:
            store.record_exercise(exercise.id, exercise.milestone, status)

    def raw_status(self, exercise_id: str) -> str | None:
        """passed / failing / gave-up, or None when never checked."""
        return self._stored().get(exercise_id)

    def _stored(self) -> dict[str, str]:
        with self.store as store:
            return dict(store.exercise_statuses())

    def statuses(self) -> dict[str, dict]:
        """exercise id -> {"status": not-started/failing/passed, "gave_up": bool, ...}."""
        from genlab.exercises.catalog import load_catalog

        stored = self._stored()
        local = self.workspace.load_state()["exercises"]
        out = {}
        for ex in load_catalog():
            entry = local.get(ex.id, {})
            raw = stored.get(ex.id)
            gave_up = bool(entry.get("gave_up")) or raw == "gave-up"
            status = raw if raw in ("passed", "failing") else ("failing" if gave_up else "not-started")
            out[ex.id] = {
                "status": status,
                "gave_up": gave_up,
                "started": self.workspace.is_started(ex),
                "hints_shown": int(entry.get("hints_shown", 0)),
            }
        return out
