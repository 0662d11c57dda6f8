"""The integrity checks of an exercise, for the built-in library and for a teacher's own:

- the untouched ``stub.py`` fails, every failing check saying "not written yet";
- ``solution.py`` passes every check and prints nothing;
- every ``wrong_*.py`` fails, each failure saying what was expected, what came back and on
  which input (or, for an error, what the error was), never crashing the checks.

The test suite runs these on every built-in exercise; ``genlab exercises verify DIR`` on yours.
"""

from __future__ import annotations

from genlab.exercises.catalog import Exercise


def variants(exercise: Exercise) -> list[tuple[str, object]]:
    """(label, path) of every file that is checked: stub, solution, each wrong solution."""
    out = [("stub", exercise.stub_path), ("solution", exercise.solution_path)]
    return out + [(p.stem, p) for p in exercise.wrong_paths]


def run_variants(exercise: Exercise) -> dict:
    """label -> RunResult for every variant, in one checking process."""
    from genlab.exercises.runner import Job, run_jobs

    jobs = [Job(label, path, exercise.checks_path) for label, path in variants(exercise)]
    return {r.label: r for r in run_jobs(jobs, exercise.limits())}


def variant_problems(label: str, result) -> list[str]:
    """What is wrong with one variant's result (empty: it behaves as the format requires)."""
    if result.problem is not None:
        return [f"{label}: {result.problem}"]
    if not result.checks:
        return [f"{label}: no check ran"]
    failures = [c for c in result.checks if c.status == "fail"]
    if label == "solution":
        problems = [f"solution fails {c.name}: {c.message}" for c in failures]
        if result.output.strip():
            problems.append(f"solution prints or warns: {result.output.strip().splitlines()[0]}")
        return problems
    if result.passed or not failures:
        return [f"{label} passes every check; it must fail"]
    if label == "stub":
        return [f"stub fails {c.name} as {c.kind}, not as 'not written yet'" for c in failures
                if c.kind != "not-implemented" or "not written yet" not in c.message]
    problems = []
    for c in failures:
        if c.kind not in ("wrong", "error"):
            problems.append(f"{label}: {c.name} fails as {c.kind}")
        elif not c.input:
            problems.append(f"{label}: {c.name} fails without saying on which input")
        elif c.kind == "wrong" and not (c.expected and c.got is not None):
            problems.append(f"{label}: {c.name} fails without expected and got")
        elif c.kind == "error" and (not c.message or "the check could not use" in c.message):
            problems.append(f"{label}: {c.name}: the checks crashed ({c.message})")
    return problems


def verify(exercise: Exercise) -> dict[str, list[str]]:
    """label -> problems, for every variant of ``exercise``; missing files are problems too."""
    missing = [p.name for p in (exercise.stub_path, exercise.solution_path, exercise.checks_path)
               if not p.is_file()]
    if missing:
        return {"files": [f"missing {', '.join(missing)}"]}
    out = {label: variant_problems(label, r) for label, r in run_variants(exercise).items()}
    if not exercise.wrong_paths:
        out["wrong"] = ["no wrong_*.py: add at least one plausible mistake the checks catch"]
    return out
