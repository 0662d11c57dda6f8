"""Sweep workers sharing one study on a real PostgreSQL server (loopback only).

The server is a throwaway cluster started for this module (Debian's ``postgresql`` package; CI
installs it), or the one at ``$GENLAB_TEST_POSTGRES`` if that is set.
"""

import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import pytest

from genlab.config import load_config
from tests.conftest import REPO

TINY = ["data.dataset=digits", "data.batch_size=64", "data.limit_train=512", "data.limit_test=128",
        "model.hidden_dim=16", "model.latent_dim=2", "model.eval_iw_samples=2",
        "train.steps=150", "train.eval_every=50", "train.num_samples=4"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_server():
    """A PostgreSQL server URL; a fresh cluster in a temporary folder unless one is given."""
    pytest.importorskip("psycopg")
    if os.environ.get("GENLAB_TEST_POSTGRES"):
        yield os.environ["GENLAB_TEST_POSTGRES"].rstrip("/")
        return
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    bindir = os.path.dirname(bins[-1])
    folder = tempfile.mkdtemp(prefix="genlab-pg-")
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    try:
        subprocess.run(as_user + [f"{bindir}/initdb", "-D", f"{folder}/data", "-A", "trust", "-U", "postgres"],
                       check=True, capture_output=True, cwd=folder)
        subprocess.run(as_user + [f"{bindir}/pg_ctl", "-D", f"{folder}/data", "-l", f"{folder}/log", "-w",
                                  "-o", f"-h 127.0.0.1 -p {port} -k {folder}", "start"],
                       check=True, capture_output=True, cwd=folder)
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(as_user + [f"{bindir}/pg_ctl", "-D", f"{folder}/data", "-m", "immediate", "stop"],
                       capture_output=True, cwd=folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server):
    """A new, empty database on the server for one test."""
    import psycopg

    name = f"sweep_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{postgres_server}/{name}"


def worker(url: str, runs, trials: int) -> subprocess.Popen:
    sets = [arg for s in TINY for arg in ("--set", s)]
    cmd = [sys.executable, "-m", "genlab", "sweep", "vae", "--worker", "--storage", url, "--name", "shared",
           "--trials", str(trials), "--param", "optim.lr=loguniform:1e-3:1e-2",
           "--param", "model.latent_dim=choice:2,4", "--minutes-per-trial", "5", "--no-pruning",
           "--heartbeat", "1", "--runs-dir", str(runs), *sets]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env)


def read_until(proc: subprocess.Popen, pattern: str, seen: list[str], timeout: float = 120) -> re.Match:
    """Read ``proc``'s stdout line by line (kept in ``seen``) until a line matches ``pattern``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"worker exited before {pattern!r}: {''.join(seen)} {proc.stderr.read()}")
        seen.append(line)
        if match := re.match(pattern, line):
            return match
    raise AssertionError(f"no {pattern!r} within {timeout} s")


@pytest.mark.slow
def test_two_workers_share_a_study_and_survive_a_killed_worker(postgres_url, tmp_path):
    import optuna

    total = 6
    a_out: list[str] = []
    a = worker(postgres_url, tmp_path, total)
    read_until(a, r"trial \d+:", a_out)              # the study exists once A runs its first trial
    b = worker(postgres_url, tmp_path, total)
    killed = int(read_until(a, r"trial (\d+):", a_out).group(1))  # A's second trial has started
    a.send_signal(signal.SIGKILL)                    # ...and A dies in the middle of it
    a.wait()
    b_text, b_err = b.communicate(timeout=300)
    assert b.returncode == 0, b_err

    study = optuna.load_study(study_name="shared", storage=postgres_url)
    states = {t.number: t.state.name for t in study.trials}
    assert sorted(states) == list(range(len(study.trials)))    # every trial number once
    assert states[killed] == "FAIL"                             # the dead worker's trial
    assert "RUNNING" not in states.values()
    finished = [n for n, s in states.items() if s == "COMPLETE"]
    assert len(finished) >= total
    started = [int(n) for n in re.findall(r"^trial (\d+):", "".join(a_out) + b_text, re.M)]
    assert sorted(started) == sorted(set(started))              # no trial ran in both workers
    assert set(finished) <= set(started)

    folder = tmp_path / "sweeps" / "shared"
    assert b_text.count("best: trial") == 1                     # written once, by the last worker
    best = load_config(str(folder / "best.toml"))
    assert best.optim.lr == pytest.approx(study.best_trial.params["optim.lr"])
    assert f"(trial {study.best_trial.number})" in best.description


def test_an_unreachable_server_is_one_line(tmp_path):
    url = f"postgresql://nobody@127.0.0.1:{free_port()}/none"
    proc = subprocess.run([sys.executable, "-m", "genlab", "sweep", "vae", "--worker", "--storage", url,
                           "--name", "x", "--param", "optim.lr=loguniform:1e-3:1e-2", "--set",
                           "data.dataset=digits", "--runs-dir", str(tmp_path)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("error: --storage postgresql://nobody@127.0.0.1") and "connect" in line
