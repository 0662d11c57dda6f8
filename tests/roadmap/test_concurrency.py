"""Concurrent writers lose nothing; a writer killed mid-write leaves every committed update."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from genlab.roadmap.progress import ProgressStore

WORKER = r"""
import os, sys, time
from genlab.roadmap.progress import ProgressStore
path, worker, n, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.005)
store = ProgressStore(path)
for i in range(n):
    store.record_exercise(f"w{worker}-{i}", worker, "passed")
    store.set_status(worker + 1, "in-progress" if i % 2 else "done", note=f"{worker}:{i}")
    store.tick(worker + 1, i + 1)
"""

WRITER = r"""
import sys
from genlab.roadmap.progress import ProgressStore
store = ProgressStore(sys.argv[1])
i = int(sys.argv[2])
while True:
    store.add_note(1, f"note {i}")
    store.record_exercise(f"ex{i}", 1, "passed")
    print(i, flush=True)   # printed only after both transactions committed
    i += 1
"""


def test_eight_processes_lose_no_update(tmp_path):
    path, go, workers, n = tmp_path / "progress.db", tmp_path / "go", 8, 20
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(path), str(w), str(n), str(go)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for w in range(workers)]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    go.touch()  # all start writing at once, on a database that does not exist yet
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err

    store = ProgressStore(path)
    statuses = store.exercise_statuses()
    assert len(statuses) == workers * n and set(statuses.values()) == {"passed"}
    notes = sorted(e.note for e in store.journal())
    assert notes == sorted(f"{w}:{i}" for w in range(workers) for i in range(n))
    assert store.ticks() == {w + 1: set(range(1, n + 1)) for w in range(workers)}
    milestones = store.milestones()
    assert {milestones[w + 1].status for w in range(workers)} == {"in-progress"}  # i = n-1 odd
    store.close()


def test_killed_writer_leaves_all_committed_updates(tmp_path):
    path = tmp_path / "progress.db"
    confirmed = -1
    for _round in range(3):  # kill it three times, continuing from where it stopped
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(confirmed + 1)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        target = confirmed + 40
        while confirmed < target:
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            confirmed = int(line)
        time.sleep(0.003 * (_round + 1))  # land somewhere inside a later write
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
        if rest.split():
            confirmed = int(rest.split()[-1])
        assert proc.returncode == -signal.SIGKILL

        store = ProgressStore(path)  # opens: integrity check, WAL recovery
        notes = {e.note for e in store.journal(1)}
        assert {f"note {i}" for i in range(confirmed + 1)} <= notes
        statuses = store.exercise_statuses()
        assert all(statuses.get(f"ex{i}") == "passed" for i in range(confirmed + 1))
        store.close()
