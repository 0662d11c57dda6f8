"""What genlab offers per milestone, and whether the things a curriculum links to exist.

Exercises are counted from the exercises' catalog, which another part of genlab provides; the
roadmap works (showing no counts) while that catalog does not exist yet. The checks at the end
serve the test that fails when a link marked ``available`` names a lab, command or exercise
that does not exist.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from genlab.roadmap.model import Curriculum, Link

RECIPES_DIR = Path(__file__).resolve().parent.parent / "recipes"
_CATALOG_MODULES = ("genlab", "genlab.exercises", "genlab.exercises.catalog")


def exercise_ids_by_milestone() -> dict[int, list[str]]:
    """Exercise ids per milestone from ``genlab.exercises.catalog``; {} if it does not exist."""
    try:
        from genlab.exercises.catalog import exercise_ids_by_milestone as catalog
    except ModuleNotFoundError as exc:
        if exc.name in _CATALOG_MODULES:
            return {}
        raise  # the catalog exists but one of its own imports is missing: a real bug
    except ImportError:  # the module exists but does not offer the function (yet)
        return {}
    table = catalog() if callable(catalog) else catalog
    return {int(mid): list(ids) for mid, ids in table.items()}


def exercise_counts() -> dict[int, int]:
    """How many exercises each milestone has (milestones without exercises are absent)."""
    return {mid: len(ids) for mid, ids in exercise_ids_by_milestone().items() if ids}


def exercise_progress(statuses: dict[str, str],
                      catalog: dict[int, list[str]] | None = None) -> dict[int, tuple[int, int]]:
    """``{milestone: (passed, total)}`` from the learner's exercise results."""
    catalog = exercise_ids_by_milestone() if catalog is None else catalog
    return {mid: (sum(statuses.get(e) == "passed" for e in ids), len(ids))
            for mid, ids in catalog.items() if ids}


# -- checking links against what exists -------------------------------------------------------------

def recipe_names(recipes_dir: Path = RECIPES_DIR) -> set[str]:
    """Lab names genlab can train: recipe file stems and their ``[model] name`` values."""
    import tomllib

    names: set[str] = set()
    for file in sorted(recipes_dir.glob("*.toml")):
        names.add(file.stem)
        try:
            model = tomllib.loads(file.read_text(encoding="utf-8")).get("model", {})
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if isinstance(model, dict) and isinstance(model.get("name"), str):
            names.add(model["name"])
    return names


def cli_command_names() -> set[str]:
    """Top-level commands of the ``genlab`` CLI, as registered by its modules."""
    import typer.main

    from genlab.cli import main as cli

    if not getattr(cli, "_commands_registered_for_links", False):
        cli._register_commands()
        cli._commands_registered_for_links = True
    group = typer.main.get_command(cli.app)
    return set(getattr(group, "commands", {}))


def _subcommand(command: str | None) -> str | None:
    words = shlex.split(command) if command else []
    return words[1] if len(words) > 1 and words[0] == "genlab" else None


def link_problem(link: Link, recipes: set[str], commands: set[str],
                 exercises: set[str]) -> str | None:
    """Why an *available* link does not resolve, or None when it does."""
    if not link.available:
        return None
    sub = _subcommand(link.command)
    if link.command and sub is None:
        return f"command {link.command!r} does not start with 'genlab <command>'"
    if sub is not None and sub not in commands:
        return f"the CLI has no command {sub!r} (from {link.command!r})"
    if link.kind == "lab" and link.name not in recipes:
        return f"no recipe or model named {link.name!r} in {RECIPES_DIR}"
    if link.kind == "command" and link.name not in commands:
        return f"the CLI has no command {link.name!r}"
    if link.kind == "exercise" and link.name not in exercises:
        return f"the exercise catalog has no exercise {link.name!r}"
    return None


def link_problems(curriculum: Curriculum) -> list[str]:
    """Every available link that names something missing, as ``milestone N: ...`` lines."""
    recipes, commands = recipe_names(), cli_command_names()
    exercises = {e for ids in exercise_ids_by_milestone().values() for e in ids}
    problems = []
    for m in curriculum.milestones:
        for link in m.links:
            problem = link_problem(link, recipes, commands, exercises)
            if problem:
                problems.append(f"milestone {m.id}: {link.kind} {link.name!r}: {problem}")
    return problems
