"""A teacher's own exercises: added with --exercises DIR or $GENLAB_EXERCISES, verified with
``genlab exercises verify DIR`` by the same integrity checks as the built-in library."""

from __future__ import annotations

import json
import shutil

import pytest

from genlab.exercises.catalog import LIBRARY
from tests.conftest import run_cli


def teacher_folder(tmp_path, exercise_id="my-standardise"):
    """A folder of one exercise in the library's format (a built-in one, renamed)."""
    root = tmp_path / "course"
    folder = root / exercise_id
    shutil.copytree(LIBRARY / "numpy-vectorise", folder)
    meta = folder / "exercise.toml"
    text = meta.read_text().replace('id = "numpy-vectorise"', f'id = "{exercise_id}"')
    meta.write_text(text.replace("order = 1\n", "order = 900\n").replace("milestone = 1\n", "milestone = 20\n"))
    return root, folder


def test_verify_passes_a_well_formed_exercise(tmp_path):
    root, _ = teacher_folder(tmp_path)
    proc = run_cli("exercises", "verify", str(root))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "my-standardise: ok" in proc.stdout


def test_verify_names_what_is_wrong(tmp_path):
    root, folder = teacher_folder(tmp_path)
    shutil.copy(folder / "solution.py", folder / "stub.py")  # a stub that already passes
    shutil.copy(folder / "solution.py", folder / "wrong_same.py")  # a "wrong" file that passes
    proc = run_cli("exercises", "verify", str(folder))
    assert proc.returncode == 1
    assert "stub passes every check; it must fail" in proc.stdout
    assert "wrong_same passes every check; it must fail" in proc.stdout


def test_teacher_exercises_join_the_course(tmp_path):
    root, _ = teacher_folder(tmp_path)
    listing = json.loads(run_cli("--exercises", str(root), "exercises", "--json").stdout)
    mine = [e for e in listing if e["id"] == "my-standardise"]
    assert mine and mine[0]["milestone"] == 20
    env = {"GENLAB_EXERCISES": str(root)}
    started = run_cli("exercise", "start", "my-standardise", env=env)
    assert started.returncode == 0, started.stderr
    checked = run_cli("check", "my-standardise", env=env)
    assert checked.returncode != 0 and "not written yet" in checked.stdout


@pytest.mark.parametrize("case", ["taken id", "missing folder"])
def test_bad_teacher_folders_are_one_line_errors(tmp_path, case):
    if case == "taken id":
        root, _ = teacher_folder(tmp_path, "numpy-vectorise")
        expected = "exercise id 'numpy-vectorise'"
    else:
        root, expected = tmp_path / "nowhere", "does not exist"
    proc = run_cli("--exercises", str(root), "exercises")
    assert proc.returncode == 2 and expected in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
