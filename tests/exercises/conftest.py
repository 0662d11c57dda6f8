"""Shared set-up of the exercise tests: a workspace per test, and one checking process per
exercise for the integrity tests (stub, solution and every wrong solution share it)."""

from __future__ import annotations

import pytest

from genlab.exercises.catalog import get, load_catalog
from genlab.exercises.verify import run_variants, variants

_BATCHES: dict[str, dict] = {}


def batch_results(exercise_id: str) -> dict:
    """label -> RunResult for every variant of the exercise, computed once per session,
    through the same runner as ``genlab check``."""
    if exercise_id not in _BATCHES:
        _BATCHES[exercise_id] = run_variants(get(exercise_id))
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
