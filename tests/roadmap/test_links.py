"""Links from milestones to labs, exercises and commands: available ones must exist."""

from __future__ import annotations

from genlab.roadmap import links
from genlab.roadmap.loader import load_curriculum
from genlab.roadmap.model import Link


def test_every_available_link_names_something_real():
    """Fails when a link marked `available` names a lab without a recipe in
    src/genlab/recipes/*.toml, a command the CLI lacks, or an unknown exercise."""
    assert links.recipe_names(), f"no recipes in {links.RECIPES_DIR}"
    from genlab.cli.main import command_names

    commands = command_names()
    assert {"train", "roadmap", "exercises", "sample", "sweep"} <= commands
    assert links.link_problems(load_curriculum(), commands) == []


def test_a_missing_lab_or_command_is_reported():
    recipes, commands = {"vae"}, {"train", "plan"}
    assert links.link_problem(Link("lab", "vae", "available", "genlab train vae"),
                              recipes, commands, set()) is None
    assert "no recipe or model named 'gpt'" in links.link_problem(
        Link("lab", "gpt", "available", "genlab train gpt"), recipes, commands, set())
    assert "no command 'sweep'" in links.link_problem(
        Link("experiment", "sweep", "available", "genlab sweep vae"), recipes, commands, set())
    assert "no exercise 'attention'" in links.link_problem(
        Link("exercise", "attention", "available", None), recipes, commands, set())
    # A link that is still coming is never a problem.
    assert links.link_problem(Link("lab", "gpt", "coming", "genlab train gpt"),
                              recipes, commands, set()) is None


def test_recipe_names_read_stems_and_model_names(tmp_path):
    (tmp_path / "tiny-vae.toml").write_text('[model]\nname = "vae"\n', encoding="utf-8")
    (tmp_path / "broken.toml").write_text("[model\n", encoding="utf-8")
    assert links.recipe_names(tmp_path) == {"tiny-vae", "vae", "broken"}


def test_exercise_counts_and_progress_from_a_catalog(monkeypatch):
    fake = {7: ["reparameterize", "elbo"], 8: ["attention"]}
    monkeypatch.setattr(links, "exercise_ids_by_milestone", lambda: fake)
    assert links.exercise_counts() == {7: 2, 8: 1}
    statuses = {"reparameterize": "passed", "elbo": "failing", "attention": "gave-up"}
    assert links.exercise_progress(statuses) == {7: (1, 2), 8: (0, 1)}
    assert links.exercise_progress(statuses, {9: ["attention"]}) == {9: (0, 1)}


def test_toml_is_read_in_one_place():
    """Python 3.10 has no tomllib: every module reads TOML through genlab.toml (tomli there)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    needle = "import " + "tomllib"   # spelled apart, so this file does not match itself
    bare = [str(f.relative_to(root)) for folder in ("src", "tests")
            for f in (root / folder).rglob("*.py")
            if needle in f.read_text(encoding="utf-8") and f.name != "toml.py"]
    assert bare == []
