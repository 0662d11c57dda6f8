"""The catalog: 30+ exercises over phases 1-3 in order, each complete and consistent."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from genlab.exercises.catalog import (MILESTONE_NAMES, exercise_ids_by_milestone, get,
                                      load_catalog)
from genlab.errors import UnknownNameError

EXERCISES = load_catalog()
IDS = [e.id for e in EXERCISES]

#: the exercises whose code a lab will train with, and the lab each names
TRAINED = {"vae-reparam-kl": "vae", "gan-losses": "dcgan", "gradient-penalty": "wgan-gp",
           "ddpm-forward-loss": "diffusion", "causal-self-attention": "gpt",
           "top-p-sampling": "gpt", "convlstm-cell": "convlstm", "adam-update": "vae",
           "hinge-loss": "cgan", "ddim-step": "diffusion", "bpe-merge": "gpt",
           "temperature-and-top-k": "gpt", "flow-matching-loss": "flow-matching",
           "vector-quantizer": "vqvae"}

#: the topics the roadmap issue lists, with the exercise covering each
REQUIRED = ["numpy-vectorise", "numpy-broadcasting", "pandas-groupby", "vector-projection",
            "pca-svd", "numerical-gradient", "mlp-backprop", "scalar-autograd",
            "inverse-cdf-sampling", "gaussian-mle", "monte-carlo", "logistic-regression-gd",
            "kmeans", "classification-metrics", "roc-auc", "kfold-cv", "conv2d-forward",
            "max-pool", "lstm-cell", "layer-norm", "causal-self-attention", "vae-reparam-kl",
            "gan-losses", "gradient-penalty", "ddpm-forward-loss", "top-p-sampling", "entropy",
            "kl-divergence", "mutual-information", "beta-binomial", "bayesian-linreg",
            "demographic-parity", "equalized-odds"]


def test_at_least_60_exercises_covering_the_list():
    assert len(EXERCISES) >= 60
    assert len(TRAINED) >= 10
    assert set(REQUIRED) <= set(IDS)
    assert len(set(IDS)) == len(IDS)


def test_phases_come_in_order():
    orders = [e.order for e in EXERCISES]
    assert len(set(orders)) == len(orders)
    milestones = [e.milestone for e in EXERCISES]
    assert milestones == sorted(milestones)
    assert set(milestones) <= set(MILESTONE_NAMES) and max(milestones) <= 17  # phases 1-3


def test_the_course_order_never_needs_a_later_milestone():
    """An exercise may come before another only if its milestone is not built on the other's."""
    from genlab.roadmap.loader import load_curriculum

    prereqs = {m.id: set(m.prerequisites) for m in load_curriculum().milestones}

    def needs(mid, seen=None):  # every milestone ``mid`` builds on, transitively
        seen = set() if seen is None else seen
        for p in prereqs[mid] - seen:
            seen.add(p)
            needs(p, seen)
        return seen

    for i, early in enumerate(EXERCISES):
        for late in EXERCISES[i + 1:]:
            assert late.milestone not in needs(early.milestone), (
                f"{early.id} (milestone {early.milestone}) comes before {late.id} "
                f"(milestone {late.milestone}), which it builds on")


def test_every_technical_milestone_has_exercises():
    by_m = exercise_ids_by_milestone()
    missing = [m for m in range(1, 16) if not by_m.get(m)]
    assert missing == [], f"technical milestones without an exercise: {missing}"


def test_every_exercise_has_two_or_three_distinct_hints():
    for e in EXERCISES:
        assert 2 <= len(e.hints) <= 3 and len(set(e.hints)) == len(e.hints), f"{e.id}: {len(e.hints)} hints"


def test_ids_by_milestone_is_cheap_and_complete():
    by_m = exercise_ids_by_milestone()
    assert sum(len(v) for v in by_m.values()) == len(EXERCISES)
    assert by_m[7][:3] == ["vae-reparam-kl", "gradient-penalty", "ddpm-forward-loss"]
    code = ("import sys; from genlab.exercises.catalog import exercise_ids_by_milestone; "
            "exercise_ids_by_milestone(); import genlab.cli.exercise_cmds; "
            "import genlab.exercises.runner, genlab.exercises.workspace, "
            "genlab.exercises.progress, genlab.exercises.report, genlab.exercises.train; "
            "print(sorted(m for m in ('torch', 'numpy', 'pandas', 'watchfiles') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_unknown_id_lists_the_known_ones():
    with pytest.raises(UnknownNameError, match="unknown exercise 'nope'.*pca-svd"):
        get("nope")


def _top_level(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}


def _signature(node):
    if isinstance(node, ast.ClassDef):
        return ("class", sorted(n.name for n in node.body if isinstance(n, ast.FunctionDef)))
    return ast.dump(node.args)


@pytest.mark.parametrize("exercise_id", IDS)
def test_exercise_is_complete(exercise_id):
    ex = get(exercise_id)
    for path in (ex.stub_path, ex.solution_path, ex.checks_path):
        assert path.is_file(), path
    assert ex.wrong_paths, "at least one plausible wrong solution"
    for wrong in ex.wrong_paths:
        assert wrong.read_text().startswith("# Plausible mistake: ")
    assert 2 <= len(ex.hints) <= 3
    assert ex.task and ex.title and ex.topic
    stub, solution = _top_level(ex.stub_path), _top_level(ex.solution_path)
    # the stub has the solution's functions, with the same signatures and docstrings
    assert set(ex.functions) <= set(solution)
    assert stub.keys() == solution.keys()
    for name in solution:
        assert _signature(stub[name]) == _signature(solution[name]), name
        assert ast.get_docstring(stub[name]) == ast.get_docstring(solution[name]), name
        if name in ex.functions:
            assert ast.get_docstring(solution[name]), f"{name} needs a docstring"
    stub_text = ex.stub_path.read_text()
    assert "NotImplementedError" in stub_text
    assert f"genlab check {ex.id}" in stub_text  # says how to check it


@pytest.mark.parametrize("exercise_id", IDS)
def test_torch_only_where_needed(exercise_id):
    ex = get(exercise_id)
    files = [ex.stub_path, ex.solution_path, ex.checks_path, *ex.wrong_paths]
    uses_torch = any("import torch" in p.read_text() for p in files)
    # a trained exercise may itself be plain Python (bpe-merge): its lab brings torch, not its checks
    assert uses_torch == ("torch" in ex.uses), "keep numpy exercises free of torch (fast)"


def test_train_recipes_of_the_generative_exercises():
    trained = {e.id: e.train_recipe for e in EXERCISES if e.train_recipe}
    assert trained == TRAINED
    for ex_id in TRAINED:
        ex = get(ex_id)
        assert ex.train_entry in ex.functions


def test_the_docs_exercise_table_matches_the_catalog():
    """docs/exercises.md lists every exercise by milestone; it must not drift from the catalog."""
    import re
    from pathlib import Path

    from genlab.exercises.catalog import exercise_ids_by_milestone

    text = (Path(__file__).resolve().parents[2] / "docs" / "exercises.md").read_text(encoding="utf-8")
    rows = {int(m[1]): (int(m[2]), [x.strip() for x in m[3].split(",")])
            for m in re.finditer(r"^\| (\d+) [^|]+\| (\d+) \| ([^|]+) \|$", text, re.M)}
    catalog = {mid: ids for mid, ids in exercise_ids_by_milestone().items() if ids}
    assert {mid: ids for mid, (_, ids) in rows.items()} == catalog
    assert all(count == len(ids) for count, ids in rows.values())
    total = sum(len(ids) for ids in catalog.values())
    assert f"**{total}**" in text and f"carries {total} exercises" in text
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"| {total} exercises that check themselves |" in readme
