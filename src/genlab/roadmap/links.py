"""What genlab offers per milestone, and whether the things a curriculum links to exist.

Exercises are counted from the exercises' catalog. The checks at the end serve the test that
fails when a link marked ``available`` names a lab, command or exercise that does not exist; the
caller passes the CLI's command names in, so the roadmap never imports the CLI.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from genlab.exercises.catalog import exercise_ids_by_milestone  # cheap: no numpy, no torch
from genlab.roadmap.model import Curriculum, Link

RECIPES_DIR = Path(__file__).resolve().parent.parent / "recipes"



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
    from genlab import toml

    names: set[str] = set()
    for file in sorted(recipes_dir.glob("*.toml")):
        names.add(file.stem)
        try:
            model = toml.loads(file.read_text(encoding="utf-8")).get("model", {})
        except (OSError, toml.TOMLDecodeError):
            continue
        if isinstance(model, dict) and isinstance(model.get("name"), str):
            names.add(model["name"])
    return names


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


def link_problems(curriculum: Curriculum, commands: set[str]) -> list[str]:
    """Every available link that names something missing, as ``milestone N: ...`` lines;
    ``commands`` are the CLI's top-level command names (``genlab.cli.main.command_names()``)."""
    recipes = recipe_names()
    exercises = {e for ids in exercise_ids_by_milestone().values() for e in ids}
    problems = []
    for m in curriculum.milestones:
        for link in m.links:
            problem = link_problem(link, recipes, commands, exercises)
            if problem:
                problems.append(f"milestone {m.id}: {link.kind} {link.name!r}: {problem}")
    return problems
