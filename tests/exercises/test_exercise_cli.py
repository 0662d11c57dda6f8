"""The exercise commands: listing, start (never overwriting), check, hints, solution gating,
--train, watch, and the one-line errors."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time

import pytest
import typer
from typer.testing import CliRunner

from genlab.cli import exercise_cmds
from genlab.errors import GenlabError
from genlab.exercises.catalog import get, load_catalog


@pytest.fixture
def cli(workspace):
    app = typer.Typer()
    exercise_cmds.register(app)
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=True)

    return invoke


def listing(cli, *extra):
    result = cli("exercises", "--json", *extra)
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in json.loads(result.output)}


def genlab(*args, env=None, timeout=120):
    full = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "genlab", *args], capture_output=True,
                          text=True, timeout=timeout, env=full)


def test_json_listing(cli):
    rows = listing(cli)
    assert list(rows) == [e.id for e in load_catalog()]
    for row in rows.values():
        assert {"id", "milestone", "status"} <= set(row)
        assert row["status"] == "not-started"
    only7 = listing(cli, "--milestone", "7")
    assert list(only7) == [e.id for e in load_catalog() if e.milestone == 7] and "hinge-loss" in only7


def test_plain_listing_groups_by_milestone(cli):
    result = cli("exercises")
    assert result.exit_code == 0
    assert "Milestone 12: Advanced mathematics" in result.output
    from genlab.exercises.catalog import all_exercises

    assert f"0 of {len(all_exercises())} passed" in result.output and "Milestone 9: Image and video generation" in result.output


def test_start_copies_the_stub_and_never_overwrites(cli, workspace):
    ex = get("kmeans")
    result = cli("exercise", "start", "kmeans")
    assert result.exit_code == 0, result.output
    path = workspace / "kmeans.py"
    assert path.read_text() == ex.stub_path.read_text()
    assert "genlab check kmeans" in result.output and "Lloyd" in result.output
    path.write_text("# my work\n")
    result = cli("exercise", "start", "kmeans")
    assert "Kept your file" in result.output
    assert path.read_text() == "# my work\n"
    # --reset asks first; answering no keeps the file
    result = cli("exercise", "start", "kmeans", "--reset", input="n\n")
    assert result.exit_code == 1 and path.read_text() == "# my work\n"
    result = cli("exercise", "start", "kmeans", "--reset", "--yes")
    assert result.exit_code == 0
    assert path.read_text() == ex.stub_path.read_text()
    backups = list((workspace / ".genlab" / "backups").glob("kmeans-*.py"))
    assert [b.read_text() for b in backups] == ["# my work\n"]


def test_check_records_failing_then_passed(cli, workspace):
    from genlab.roadmap.progress import ProgressStore

    ex = get("entropy")
    cli("exercise", "start", "entropy")
    result = cli("check", "entropy")
    assert result.exit_code == 1
    assert "not written yet" in result.output and "genlab hint entropy" in result.output
    assert listing(cli)["entropy"]["status"] == "failing"
    shutil.copy(ex.solution_path, workspace / "entropy.py")
    result = cli("check")  # the current exercise
    assert result.exit_code == 0, result.output
    assert "All 6 checks passed" in result.output
    assert listing(cli)["entropy"]["status"] == "passed"
    assert ProgressStore().exercise_statuses()["entropy"] == "passed"
    # breaking it again does not take the pass away
    (workspace / "entropy.py").write_text(ex.stub_path.read_text())
    assert cli("check", "entropy").exit_code == 1
    assert listing(cli)["entropy"]["status"] == "passed"
    # the outcome lives in the progress database only; the workspace keeps hints and give-ups
    state = json.loads((workspace / ".genlab" / "exercises.json").read_text())
    assert not {"status", "last_check"} & set(state["exercises"].get("entropy", {}))


def test_check_json_output(cli, workspace):
    cli("exercise", "start", "kfold-cv")
    result = cli("check", "kfold-cv", "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["id"] == "kfold-cv" and data["passed"] is False
    assert data["checks"][0]["kind"] == "not-implemented"


def test_check_before_start_says_how_to_start(cli):
    result = cli("check", "kmeans")
    assert isinstance(result.exception, GenlabError)
    assert "genlab exercise start kmeans" in str(result.exception)
    result = cli("check")
    assert isinstance(result.exception, GenlabError)
    assert "no exercise started" in str(result.exception)


def test_hints_come_one_at_a_time_in_order(cli):
    ex = get("pca-svd")
    outputs = [cli("hint", "pca-svd").output for _ in range(4)]
    for i, text in enumerate(ex.hints):
        assert f"Hint {i + 1} of 3" in outputs[i]
        assert text[:40] in outputs[i]
        assert all(text[:40] not in out for out in outputs[:i])
    assert "last hint" in outputs[3] and ex.hints[-1][:40] in outputs[3]
    assert listing(cli)["pca-svd"]["hints_shown"] == 3


def test_solution_only_after_passing_or_giving_up(cli, workspace):
    from genlab.roadmap.progress import ProgressStore

    ex = get("monte-carlo")
    result = cli("solution", "monte-carlo")
    assert isinstance(result.exception, GenlabError) and "--give-up" in str(result.exception)
    result = cli("solution", "monte-carlo", "--give-up")
    assert result.exit_code == 0
    assert ex.solution_path.read_text() in result.output
    row = listing(cli)["monte-carlo"]
    assert row["gave_up"] is True and row["status"] == "failing"
    assert ProgressStore().exercise_statuses()["monte-carlo"] == "gave-up"
    # after a pass it is shown without giving up
    ex2 = get("gaussian-mle")
    cli("exercise", "start", "gaussian-mle")
    shutil.copy(ex2.solution_path, workspace / "gaussian_mle.py")
    assert cli("check", "gaussian-mle").exit_code == 0
    result = cli("solution", "gaussian-mle")
    assert result.exit_code == 0 and ex2.solution_path.read_text() in result.output
    assert listing(cli)["gaussian-mle"]["gave_up"] is False


@pytest.mark.parametrize("exercise_id", ["gan-losses", "vae-reparam-kl", "top-p-sampling"])
def test_train_needs_the_exercise_started(cli, exercise_id):
    result = cli("check", exercise_id, "--train")
    assert isinstance(result.exception, GenlabError)
    assert "is not started" in str(result.exception)


def test_train_on_an_exercise_without_a_lab(cli):
    result = cli("check", "kmeans", "--train")
    assert "not trained in a lab" in str(result.exception)


def test_errors_are_one_line_with_exit_code_2(workspace):
    for args in (["exercise", "start", "nope"], ["check", "top-p-sampling", "--train"],
                 ["exercises", "--milestone", "16"], ["solution", "kmeans"]):
        result = genlab(*args, env={"GENLAB_WORKSPACE": str(workspace)})
        assert result.returncode == 2, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
        assert "Traceback" not in result.stderr


def test_check_exit_codes_through_the_real_cli(workspace):
    env = {"GENLAB_WORKSPACE": str(workspace)}
    assert genlab("exercise", "start", "numpy-vectorise", env=env).returncode == 0
    result = genlab("check", env=env)
    assert result.returncode == 1 and "not written yet" in result.stdout
    shutil.copy(get("numpy-vectorise").solution_path, workspace / "numpy_vectorise.py")
    result = genlab("check", "numpy-vectorise", env=env)
    assert result.returncode == 0 and "All 7 checks passed" in result.stdout


def _read_until(proc, marker: str, timeout: float) -> str:
    seen = ""
    end = time.monotonic() + timeout
    while marker not in seen:
        left = end - time.monotonic()
        assert left > 0, f"no {marker!r} in:\n{seen}"
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536).decode()
            assert chunk, f"watch ended early:\n{seen}"
            seen += chunk
    return seen


def test_watch_rechecks_on_save_and_moves_on(workspace):
    env = {**os.environ, "GENLAB_WORKSPACE": str(workspace), "PYTHONUNBUFFERED": "1"}
    # Ctrl-C as in a terminal: a runner started in the background (`cmd &`) ignores SIGINT, and a
    # child inherits that, so Python would install no KeyboardInterrupt handler at all
    proc = subprocess.Popen([sys.executable, "-m", "genlab", "watch", "numpy-broadcasting"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        _read_until(proc, "0 of 7 checks passed", 60)
        time.sleep(0.5)  # let the watcher start
        target = workspace / "numpy_broadcasting.py"
        target.write_text(get("numpy-broadcasting").solution_path.read_text())
        out = _read_until(proc, "== pandas-groupby", 60)
        assert "All 7 checks passed" in out
        assert (workspace / "pandas_groupby.py").is_file()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) in (0, 130)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
