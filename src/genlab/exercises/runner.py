"""Run an exercise's checks against learner files in a child process, safely.

The child (:mod:`genlab.exercises._child`) limits its own address space, CPU time, file size
and core dumps with ``resource.setrlimit``, and stops each check with an alarm after
``per_check_s``. The parent adds a wall-clock limit over the whole run and kills the child's
process group when it is exceeded, so a learner's infinite loop in C code, a crash, ``os._exit``
or a runaway ``print`` never hangs or kills genlab. Several jobs (learner files) can share one
child, so the integrity tests pay for ``import torch`` once per exercise, not per file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

_CHILD_CODE = (
    "import sys; sys.path.pop(0); "  # the cwd is the learner's folder: never import from it
    "from genlab.exercises._child import main; import os; "
    "rc = main(sys.argv); sys.stdout.flush(); sys.stderr.flush(); os._exit(rc)"
)

_OUTPUT_SHOWN = 2000


@dataclass(frozen=True)
class Limits:
    """Limits for one run of checks. ``total_s`` bounds the wall time of each job."""

    per_check_s: float = 10.0
    total_s: float = 60.0
    memory_mb: int = 3072
    output_mb: int = 8


@dataclass
class Job:
    label: str
    learner: Path
    checks: Path


@dataclass
class CheckResult:
    name: str
    title: str
    status: str  # pass / fail / skip
    kind: str  # ok, wrong, error, not-implemented, timeout, exit, memory, syntax, crash, skipped
    input: str | None = None
    expected: str | None = None
    got: str | None = None
    why: str | None = None
    message: str | None = None
    traceback: list[str] = field(default_factory=list)
    detail: str | None = None
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, [], "")}


@dataclass
class RunResult:
    """The outcome of one job: each check's result, or why the file could not be run."""

    label: str
    learner: Path
    checks: list[CheckResult] = field(default_factory=list)
    problem: CheckResult | None = None  # the file did not load, or the process died
    output: str = ""  # what the learner's code printed (the end of it)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return (self.problem is None and bool(self.checks)
                and all(c.passed for c in self.checks))

    @property
    def failures(self) -> list[CheckResult]:
        out = [self.problem] if self.problem else []
        return out + [c for c in self.checks if c.status == "fail"]

    @property
    def n_passed(self) -> int:
        return sum(c.passed for c in self.checks)

    def to_dict(self) -> dict:
        return {"label": self.label, "file": str(self.learner), "passed": self.passed,
                "checks": [c.to_dict() for c in self.checks],
                "problem": self.problem.to_dict() if self.problem else None,
                "output": self.output, "seconds": round(self.seconds, 3)}


def _signal_name(num: int) -> str:
    try:
        return signal.Signals(num).name
    except ValueError:
        return f"signal {num}"


def _death_message(rc: int, timed_out: bool, limits: Limits) -> tuple[str, str]:
    """(kind, message) for a child that ended before finishing its checks."""
    if timed_out:
        return "timeout", (f"your code ran past the time limit ({limits.total_s:g} s) without "
                           "responding and was stopped: is there an infinite loop, perhaps "
                           "inside a numpy or torch call?")
    if rc < 0:
        sig = -rc
        if sig == signal.SIGXCPU:
            return "timeout", "your code used up its CPU time limit and was stopped"
        if sig == signal.SIGKILL:
            return "memory", ("the checking process was killed (SIGKILL), most likely for "
                              "using too much memory")
        return "crash", (f"your code crashed the Python process ({_signal_name(sig)}); this "
                         "happens with ctypes, os.abort() or a bug in a C extension")
    return "exit", (f"your code ended the Python process (exit code {rc}), e.g. with "
                    "os._exit(); return a value instead")


def _python_env() -> dict:
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
        env[var] = "1"
    env.setdefault("MALLOC_ARENA_MAX", "2")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONHASHSEED"] = "0"
    env.pop("PYTHONSTARTUP", None)
    # the child must import genlab even when run from a source checkout without install
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run_jobs(jobs: list[Job], limits: Limits | None = None) -> list[RunResult]:
    """Run each job's checks against its learner file, all in one child process."""
    limits = limits or Limits()
    if not jobs:
        return []
    total = limits.total_s * len(jobs)
    with tempfile.TemporaryDirectory(prefix="genlab-check-") as tmp:
        tmpdir = Path(tmp)
        spec_path = tmpdir / "spec.json"
        result_path = tmpdir / "results.jsonl"
        output_path = tmpdir / "output.txt"
        spec = {
            "jobs": [{"label": j.label, "learner": str(Path(j.learner).resolve()),
                      "checks": str(Path(j.checks).resolve())} for j in jobs],
            "limits": {"per_check_s": limits.per_check_s, "memory_mb": limits.memory_mb,
                       "output_mb": limits.output_mb, "cpu_s": int(total) + 2},
            "result": str(result_path),
        }
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        result_path.touch()
        t0 = time.perf_counter()
        timed_out = False
        with open(output_path, "wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-c", _CHILD_CODE, str(spec_path)],
                cwd=str(Path(jobs[0].learner).resolve().parent), env=_python_env(),
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
            try:
                proc.wait(timeout=total + 3)
            except subprocess.TimeoutExpired:
                timed_out = True
                _kill_group(proc)
            except BaseException:  # Ctrl-C in genlab: take the child down with us
                _kill_group(proc)
                raise
        elapsed = time.perf_counter() - t0
        events = _read_events(result_path)
        output = output_path.read_bytes()
    return _assemble(jobs, events, output, proc.returncode, timed_out, limits, elapsed)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)  # the child and anything it started
        else:  # pragma: no cover - Windows
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _read_events(path: Path) -> list[dict]:
    events = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:
            break  # the last line was cut off when the child died
    return events


def _tail(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    if len(text) > _OUTPUT_SHOWN:
        text = "... (earlier output cut)\n" + text[-_OUTPUT_SHOWN:]
    return text


def _assemble(jobs, events, output: bytes, rc, timed_out, limits, elapsed) -> list[RunResult]:
    results = {j.label: RunResult(j.label, Path(j.learner)) for j in jobs}
    plans: dict[str, list] = {}
    running: dict[str, str] = {}
    out_start: dict[str, int] = {}
    finished_labels = set()
    current = None
    for ev in events:
        kind = ev.get("event")
        label = ev.get("label")
        if kind == "job":
            current = label
            out_start[label] = ev.get("out", 0)
        elif kind == "plan":
            plans[label] = ev["checks"]
        elif kind == "start":
            running[label] = ev["check"]
        elif kind == "load":
            running.pop(label, None)
            if ev.get("status") != "pass":
                results[label].problem = _record("(load)", "your file loads", ev)
        elif kind == "result":
            running.pop(label, None)
            results[label].checks.append(_record(ev["check"], ev.get("title", ""), ev))
        elif kind == "internal":
            results[label].problem = CheckResult(
                "(internal)", "genlab's checks load", "fail", "error",
                message=ev.get("message"), detail=ev.get("detail"))
        elif kind == "job_end":
            finished_labels.add(label)
            start = max(out_start.get(label, 0), 0)
            end = ev.get("out", -1)
            chunk = output[start:end] if end >= 0 else output[start:]
            results[label].output = _tail(chunk)
            current = None
    # A job the child did not finish: the learner's code killed or hung the process.
    for j in jobs:
        res = results[j.label]
        if j.label in finished_labels:
            continue
        kind, message = _death_message(rc if rc is not None else -9, timed_out, limits)
        if j.label == current or (current is None and not finished_labels and j is jobs[0]):
            check_name = running.get(j.label)
            titles = dict((n, t) for n, t in plans.get(j.label, []))
            res.problem = CheckResult(
                check_name or "(run)", titles.get(check_name, "your file runs"), "fail", kind,
                message=message + (f" (while running the check `{check_name}`)"
                                   if check_name and check_name != "(load)" else ""))
            res.output = _tail(output[max(out_start.get(j.label, 0), 0):])
        else:
            res.problem = CheckResult("(run)", "not run", "fail", "skipped",
                                      message="not run: the checking process had stopped")
        if rc is not None and rc > 0 and not timed_out and output:
            # a crash inside genlab's own child shows its traceback in the output
            text = output.decode("utf-8", errors="replace")
            if "genlab/exercises/_child.py" in text and "Traceback" in text:
                res.problem.detail = text[-2000:]
    for res in results.values():
        res.seconds = elapsed / max(len(jobs), 1)
    return [results[j.label] for j in jobs]


def _record(name: str, title: str, ev: dict) -> CheckResult:
    return CheckResult(
        name=name, title=title, status=ev.get("status", "fail"), kind=ev.get("kind", "ok"),
        input=ev.get("input"), expected=ev.get("expected"), got=ev.get("got"),
        why=ev.get("why"), message=ev.get("message"), traceback=ev.get("traceback") or [],
        detail=ev.get("detail"), seconds=ev.get("seconds", 0.0))


def check_file(exercise, learner: Path, limits: Limits | None = None) -> RunResult:
    """Run one exercise's checks against one learner file (what ``genlab check`` does)."""
    return run_jobs([Job("learner", Path(learner), exercise.checks_path)],
                    limits or exercise.limits())[0]
