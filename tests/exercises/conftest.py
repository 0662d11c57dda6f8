"""Shared set-up of the exercise tests: a workspace per test, and one checking process per
exercise for the integrity tests (stub, solution and every wrong solution share it)."""

from __future__ import annotations

import pytest

from genlab.exercises.catalog import get, load_catalog
from genlab.exercises.runner import Job, run_jobs

_BATCHES: dict[str, dict] = {}


def variants(exercise) -> list[tuple[str, object]]:
    """(label, path) of every file the integrity tests check for ``exercise``."""
    out = [("stub", exercise.stub_path), ("solution", exercise.solution_path)]
    out += [(p.stem, p) for p in exercise.wrong_paths]
    return out


def batch_results(exercise_id: str) -> dict:
    """label -> RunResult for every variant of the exercise, computed once per session,
    through the same runner as ``genlab check``."""
    if exercise_id not in _BATCHES:
        ex = get(exercise_id)
        jobs = [Job(label, path, ex.checks_path) for label, path in variants(ex)]
        _BATCHES[exercise_id] = {r.label: r for r in run_jobs(jobs, ex.limits())}
    return _BATCHES[exercise_id]


_IMPORT_NAMES = {"scikit-learn": "sklearn"}


def missing_packages(exercise) -> list[str]:
    """The packages an exercise's checks use that are not installed here."""
    import importlib.util

    return [p for p in exercise.uses
            if importlib.util.find_spec(_IMPORT_NAMES.get(p, p)) is None]


def all_cases() -> list[tuple[str, str]]:
    return [(ex.id, label) for ex in load_catalog() for label, _ in variants(ex)]


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    ws = tmp_path / "workspace"
    monkeypatch.setenv("GENLAB_WORKSPACE", str(ws))
    return ws
