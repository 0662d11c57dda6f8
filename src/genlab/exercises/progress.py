"""Where an exercise's outcome is recorded: the roadmap's progress store when it is installed,
and always the workspace's state file (which is the only record until the store lands).

Switching is one place: :func:`open_store`. The store is
``genlab.roadmap.progress.ProgressStore(path=None)`` with ``record_exercise(exercise_id,
milestone_id, status)`` (status in passed / failing / gave-up) and ``exercise_statuses()``.
A pass is never downgraded: a later failing check, or giving up after passing, leaves
"passed" recorded.
"""

from __future__ import annotations

STATUSES = ("not-started", "failing", "passed")


def open_store():
    """The roadmap's progress store, or None while it is not installed or cannot open."""
    try:
        from genlab.roadmap.progress import ProgressStore
    except ImportError:
        return None
    try:
        return ProgressStore()
    except Exception:  # noqa: BLE001 - a broken store must not break the exercises
        return None


class ExerciseProgress:
    def __init__(self, workspace, store="auto"):
        self.workspace = workspace
        self.store = open_store() if store == "auto" else store

    def _store_statuses(self) -> dict[str, str]:
        if self.store is None:
            return {}
        try:
            return dict(self.store.exercise_statuses())
        except Exception:  # noqa: BLE001
            return {}

    def record(self, exercise, status: str) -> None:
        """Record ``status`` (passed, failing or gave-up) for ``exercise``."""
        if status not in ("passed", "failing", "gave-up"):
            raise ValueError(f"bad exercise status {status!r}")
        already_passed = self.raw_status(exercise.id) == "passed"
        if status == "gave-up":
            self.workspace.update(exercise.id, gave_up=True)
        else:
            self.workspace.update(exercise.id, last_check=status)
            if status == "passed":
                self.workspace.update(exercise.id, status="passed")
            elif not already_passed:
                self.workspace.update(exercise.id, status="failing")
        if already_passed and status != "passed":
            return
        if self.store is not None:
            self.store.record_exercise(exercise.id, exercise.milestone, status)

    def raw_status(self, exercise_id: str) -> str | None:
        """passed / failing / gave-up / None, from the store first, then the workspace."""
        stored = self._store_statuses().get(exercise_id)
        local = self.workspace.entry(exercise_id)
        if stored == "passed" or local.get("status") == "passed":
            return "passed"
        return stored or local.get("status") or ("gave-up" if local.get("gave_up") else None)

    def statuses(self) -> dict[str, dict]:
        """exercise id -> {"status": not-started/failing/passed, "gave_up": bool, ...}."""
        from genlab.exercises.catalog import load_catalog

        stored = self._store_statuses()
        local = self.workspace.load_state()["exercises"]
        out = {}
        for ex in load_catalog():
            entry = local.get(ex.id, {})
            raw = stored.get(ex.id)
            if raw == "passed" or entry.get("status") == "passed":
                status = "passed"
            elif raw in ("failing", "gave-up") or entry.get("status") == "failing" \
                    or entry.get("gave_up"):
                status = "failing"
            else:
                status = "not-started"
            out[ex.id] = {
                "status": status,
                "gave_up": bool(entry.get("gave_up") or raw == "gave-up"),
                "started": self.workspace.is_started(ex),
                "hints_shown": int(entry.get("hints_shown", 0)),
            }
        return out
