"""The checking process survives whatever the learner's code does: infinite loops (with or
without the alarm), sys.exit, os._exit, crashes, memory hogs, floods of output, syntax errors.
Each is reported in plain words, quickly, and genlab itself carries on."""

from __future__ import annotations

import textwrap
import time

from genlab.exercises.catalog import get
from genlab.exercises.runner import Job, Limits, check_file, run_jobs

FAST = Limits(per_check_s=1.0, total_s=2.0, memory_mb=1024, output_mb=1)
DEAF = Limits(per_check_s=0.5, total_s=1.0, memory_mb=1024, output_mb=1)


def learner(tmp_path, body: str, name: str = "numpy_vectorise.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def run(tmp_path, body, limits=FAST):
    ex = get("numpy-vectorise")
    t0 = time.perf_counter()
    result = check_file(ex, learner(tmp_path, body), limits)
    return result, time.perf_counter() - t0


def test_infinite_loop_is_stopped_by_the_time_limit(tmp_path):
    result, seconds = run(tmp_path, """
        def standardize_columns(X):
            n = 0
            while True:
                n += 1
    """)
    assert not result.passed
    first = result.checks[0]
    assert first.kind == "timeout" and "infinite loop" in first.message
    assert any("while True" in line for line in first.traceback)  # where it was looping
    assert all(c.status == "skip" for c in result.checks[1:])  # no 7 x the time limit
    assert seconds < 8


def test_loop_that_ignores_the_alarm_is_killed(tmp_path):
    result, seconds = run(tmp_path, """
        import signal
        def standardize_columns(X):
            signal.signal(signal.SIGALRM, signal.SIG_IGN)
            while True:
                pass
    """, DEAF)
    assert result.problem is not None and result.problem.kind == "timeout"
    assert "stopped" in result.problem.message
    assert seconds < 8


def test_sleep_that_blocks_the_alarm_is_killed_by_the_wall_clock(tmp_path):
    result, seconds = run(tmp_path, """
        import signal, time
        def standardize_columns(X):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(600)
    """, DEAF)
    assert result.problem is not None and result.problem.kind == "timeout"
    assert "time limit" in result.problem.message
    assert seconds < 8


def test_sys_exit_is_reported_and_the_other_checks_still_run(tmp_path):
    result, _ = run(tmp_path, """
        import sys
        def standardize_columns(X):
            sys.exit(3)
    """)
    assert result.problem is None
    assert len(result.checks) == 7
    assert {c.kind for c in result.checks if c.status == "fail"} == {"exit"}
    assert "sys.exit(3)" in result.checks[0].message


def test_os_exit_is_reported(tmp_path):
    result, _ = run(tmp_path, """
        import os
        def standardize_columns(X):
            os._exit(7)
    """)
    assert result.problem.kind == "exit" and "exit code 7" in result.problem.message
    assert "example" in result.problem.message  # the check that was running


def test_crash_of_the_process_is_reported(tmp_path):
    result, _ = run(tmp_path, """
        import ctypes
        def standardize_columns(X):
            return ctypes.string_at(0)
    """)
    assert result.problem.kind == "crash" and "SIGSEGV" in result.problem.message


def test_memory_hog_hits_the_memory_limit(tmp_path):
    result, seconds = run(tmp_path, """
        import numpy as np
        def standardize_columns(X):
            hoard = []
            while True:
                hoard.append(np.empty(10 ** 8))
    """)
    assert result.problem is None
    assert result.checks[0].kind == "memory"
    assert "1024 MiB" in result.checks[0].message
    assert all(c.kind in ("memory", "wrong") for c in result.checks)  # (wrong: it has a loop)
    assert seconds < 8


def test_a_flood_of_output_is_cut_off(tmp_path):
    result, _ = run(tmp_path, """
        def standardize_columns(X):
            while True:
                print("spam " * 1000)
    """)
    assert "printed" in result.checks[0].message
    assert len(result.output) < 3000  # only the end of it is kept


def test_printed_output_is_shown(tmp_path):
    result, _ = run(tmp_path, """
        def standardize_columns(X):
            print("debugging", X.shape)
            return X
    """)
    assert "debugging (2, 2)" in result.output


def test_syntax_error_points_at_the_line(tmp_path):
    result, _ = run(tmp_path, """
        def standardize_columns(X)
            return X
    """)
    assert result.problem.kind == "syntax"
    assert "line 2" in result.problem.message
    assert "def standardize_columns(X)" in result.problem.traceback[0]


def test_error_at_import_time_is_reported(tmp_path):
    result, _ = run(tmp_path, """
        x = 1 / 0
    """)
    assert result.problem.kind == "error"
    assert "ZeroDivisionError" in result.problem.message
    assert result.problem.traceback == [
        "numpy_vectorise.py, line 2, in <module>: x = 1 / 0"]


def test_learner_traceback_is_trimmed_to_their_file(tmp_path):
    result, _ = run(tmp_path, """
        import numpy as np
        def helper(X):
            return np.linalg.inv(X[:, :1].T @ X)
        def standardize_columns(X):
            return helper(X)
    """)
    failure = result.checks[0]
    assert failure.kind == "error"
    assert "inside numpy" in failure.message and "LinAlgError" in failure.message
    assert failure.traceback and all(line.startswith("numpy_vectorise.py, line ")
                                     for line in failure.traceback)
    assert "in helper" in failure.traceback[-1]


def test_keyboard_interrupt_raised_by_learner_code_is_just_an_error(tmp_path):
    result, _ = run(tmp_path, """
        def standardize_columns(X):
            raise KeyboardInterrupt
    """)
    assert result.problem is None
    assert result.checks[0].kind == "error"


def test_missing_function_says_which_name(tmp_path):
    result, _ = run(tmp_path, """
        def standardise_columns(X):
            return X
    """)
    failure = result.checks[0]
    assert failure.kind == "wrong"
    assert "standardize_columns" in failure.expected


def test_none_returned_hints_at_a_missing_return(tmp_path):
    result, _ = run(tmp_path, """
        def standardize_columns(X):
            X = X - X.mean(axis=0)
    """)
    assert "forget `return`" in result.checks[0].why


def test_several_files_share_one_process_and_stay_apart(tmp_path):
    ex = get("numpy-vectorise")
    bad = learner(tmp_path, "import os\ndef standardize_columns(X):\n    os._exit(1)\n",
                  "bad.py")
    jobs = [Job("solution", ex.solution_path, ex.checks_path),
            Job("stub", ex.stub_path, ex.checks_path),
            Job("bad", bad, ex.checks_path),
            Job("after", ex.solution_path, ex.checks_path)]
    results = run_jobs(jobs, FAST)
    assert [r.label for r in results] == ["solution", "stub", "bad", "after"]
    assert results[0].passed and not results[1].passed
    assert results[2].problem.kind == "exit"
    assert results[3].problem.kind == "skipped"  # the process was gone; said so


def test_learner_folder_does_not_shadow_modules(tmp_path):
    # a learner file named like a library must not replace it for the checks
    ex = get("numpy-vectorise")
    (tmp_path / "numpy.py").write_text("raise ImportError('shadowed!')\n")
    path = tmp_path / "mine.py"
    path.write_text(ex.solution_path.read_text())
    assert check_file(ex, path, FAST).passed
