"""Fixtures for the roadmap tests: curricula written to temporary files, a fresh progress store."""

from __future__ import annotations

import contextlib
import copy
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
import tomli_w

from genlab import toml
from genlab.roadmap.loader import PACKAGED_CURRICULUM

PACKAGED_RAW = toml.loads(PACKAGED_CURRICULUM.read_text(encoding="utf-8"))


def raw_curriculum() -> dict:
    """A deep copy of the packaged curriculum's parsed TOML, to mutate in a test."""
    return copy.deepcopy(PACKAGED_RAW)


def write_toml(path: Path, data: dict) -> Path:
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def small_curriculum() -> dict:
    """Three phases, five milestones: small enough to compute every plan date by hand.

    Phase 1 "2-4 months" -> 3 months; phase 2 "4-8 months" -> 6 - 3 = 3 months; phase 3 is
    open-ended -> 1.5 months. At the basis of 10 h/week: 3 x 52/12 x 10 = 130 h for phases 1
    and 2, 65 h for phase 3. Weights: m1 1, m2 1 (65 h each); m3 3, m4 1 (97.5 h, 32.5 h); m5 65 h.
    """
    def milestone(mid, phase, weight=1.0, pre=()):
        return {"id": mid, "phase": phase, "title": f"M{mid}", "summary": "s", "why": "w",
                "topics": ["t"], "prerequisites": list(pre), "weight": weight,
                "activities": [{"text": "do it", "done_when": "done"},
                               {"text": "and this", "done_when": "done too"}]}

    return {
        "schema": 1, "title": "Small", "note": "",
        "plan": {"basis_hours_per_week": 10, "open_ended_months": 1.5},
        "phases": [
            {"id": 1, "title": "One", "months_from": 2, "months_to": 4},
            {"id": 2, "title": "Two", "months_from": 4, "months_to": 8},
            {"id": 3, "title": "Three", "months_from": 8},
        ],
        "milestones": [milestone(1, 1), milestone(2, 1, pre=[1]), milestone(3, 2, 3, [2]),
                       milestone(4, 2, 1, [3]), milestone(5, 3, 1, [4])],
        "topics": [{"id": "t", "title": "T", "resources": [
            {"id": "r", "title": "R", "url": "https://example.org/"}]}],
    }


@pytest.fixture
def small(tmp_path):
    from genlab.roadmap.loader import load_curriculum

    return load_curriculum(write_toml(tmp_path / "small.toml", small_curriculum()))


@pytest.fixture
def store(tmp_path):
    from genlab.roadmap.progress import ProgressStore

    s = ProgressStore(tmp_path / "home" / "progress.db")
    yield s
    s.close()


def genlab(*args: str, env: dict | None = None, timeout: float = 60):
    """Run ``python -m genlab ARGS`` (inherits the test's $GENLAB_HOME)."""
    return subprocess.run([sys.executable, "-m", "genlab", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "COLUMNS": "100",
                                                           **(env or {})})


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


_REGISTERED = []


def cli(*args: str, env: dict | None = None) -> Result:
    """Run ``genlab ARGS`` in this process through the real entry point (``main``), which is
    much faster than a subprocess; the subprocess tests keep checking the real process."""
    from genlab.cli import main as entry

    if not _REGISTERED:  # register the commands once; main() would add them again each call
        entry._register_commands()
        _REGISTERED.append(True)
    out, err = io.StringIO(), io.StringIO()
    saved = {key: os.environ.get(key) for key in env or {}}
    os.environ.update(env or {})
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                mock.patch.object(entry, "_register_commands", lambda: None):
            try:
                entry.main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return Result(code, out.getvalue(), err.getvalue())


def assert_one_line_error(proc, *fragments: str) -> str:
    """Exit code 2, exactly one line on stderr starting with 'error:', no traceback."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]
