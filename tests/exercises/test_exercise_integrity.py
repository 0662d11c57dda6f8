"""Every exercise is meaningful: the untouched stub fails, the reference solution passes,
and every plausible wrong solution fails with a message that says what went wrong."""

from __future__ import annotations

import pytest

from genlab.exercises.catalog import get
from genlab.exercises.verify import variant_problems

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
    assert not variant_problems(variant, result), _report(exercise_id, result)
