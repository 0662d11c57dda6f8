"""``genlab train`` in a child process, timed from outside: the wall clock, the child's peak
RSS (from ``wait4``, so the benchmark's own memory is not counted) and what the run wrote.

Every benchmark that trains a recipe end to end goes through :func:`train_recipe`, so they all
measure the same thing the same way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


class TrainFailed(RuntimeError):
    """The child exited non-zero; the message is the last line of its stderr."""


@dataclass
class ChildRun:
    recipe: str
    run: Path           # the run folder
    info: dict          # its run.json
    wall_s: float       # the child's whole life, start-up and final evaluation included
    peak_rss_mb: float

    @property
    def metrics(self) -> dict:
        return self.info["metrics"]

    @property
    def config_text(self) -> str:
        return (self.run / "config.toml").read_text()


def train_recipe(recipe: str, runs: Path, *, minutes: float | None = None, overrides=(),
                 extra_args=()) -> ChildRun:
    """Run ``genlab train RECIPE`` into the empty folder ``runs``; raises :class:`TrainFailed`."""
    args = [sys.executable, "-m", "genlab", "train", recipe, "--runs-dir", str(runs), "-q", "--no-download",
            *(["--minutes", str(minutes)] if minutes else []), *[x for o in overrides for x in ("--set", o)],
            *extra_args]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            lines = err.read().decode(errors="replace").strip().splitlines()
            raise TrainFailed(f"genlab train {recipe} failed: {lines[-1] if lines else 'no message'}")
    [run] = list(Path(runs).iterdir())
    info = json.loads((run / "run.json").read_text())
    return ChildRun(recipe, run, info, wall, usage.ru_maxrss / 1024)
