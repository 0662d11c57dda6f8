"""Every exercise is meaningful: the untouched stub fails, the reference solution passes,
and every plausible wrong solution fails with a message that says what went wrong."""

from __future__ import annotations

import pytest

from genlab.exercises.catalog import get

from .conftest import all_cases, batch_results, missing_packages


def _report(exercise_id, result) -> str:
    from genlab.exercises.report import format_run

    return format_run(get(exercise_id), result)


@pytest.mark.parametrize("exercise_id,variant", all_cases(),
                         ids=[f"{e}:{v}" for e, v in all_cases()])
def test_variant(exercise_id, variant):
    missing = missing_packages(get(exercise_id))
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (pip install {' '.join(missing)})")
    result = batch_results(exercise_id)[variant]
    report = _report(exercise_id, result)
    assert result.problem is None, report
    assert result.checks, report
    if variant == "solution":
        assert result.passed, report
        assert not result.output.strip(), f"the reference solution prints or warns:\n{report}"
        return
    assert not result.passed, report
    failures = [c for c in result.checks if c.status == "fail"]
    assert failures, report
    if variant == "stub":
        # an untouched stub fails because it is not written yet, and says so
        assert all(c.kind == "not-implemented" for c in failures), report
        assert all("not written yet" in c.message for c in failures), report
        return
    # a wrong solution fails with a helpful message, never with a crash of the checks
    for c in failures:
        assert c.kind in ("wrong", "error"), report
        assert c.input, f"a failure without the input it happened on:\n{report}"
        if c.kind == "wrong":
            assert c.expected and c.got is not None, report
        else:
            assert c.message and "the check could not use" not in c.message, report
