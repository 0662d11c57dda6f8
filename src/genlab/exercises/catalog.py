"""The list of exercises, read from ``library/*/exercise.toml``. Cheap: no numpy, no torch.

Each exercise folder holds ``exercise.toml`` with these keys:

* ``id`` (the folder's name), ``title``, ``milestone`` (the roadmap's number, see
  PRODUCT.md), ``order`` (position in the whole course; phases come in order), ``topic``;
* ``functions``: the names the learner writes; ``task``: what to do, in a few lines;
* ``hints``: two or three hints, revealed one at a time;
* optional ``time_limit_s`` and ``memory_mb`` for the checks, ``uses`` (libraries the checks
  import, for the docs), and for the exercises whose code a lab can train with:
  ``train_recipe`` (the lab's recipe name) and ``train_entry`` (the function it plugs in).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from genlab.errors import ConfigError, unknown

from genlab import toml

LIBRARY = Path(__file__).resolve().parent / "library"
EXTRA_ENV = "GENLAB_EXERCISES"

#: The roadmap's milestones that have exercises, with the short names shown in listings.
MILESTONE_NAMES: dict[int, str] = {
    1: "Learn Python",
    2: "Mathematics",
    3: "Introduction to machine learning",
    4: "Explore generative models",
    5: "Hands-on projects",
    6: "Deep learning fundamentals",
    7: "Advanced generative models",
    8: "Natural language processing",
    9: "Image and video generation",
    10: "Experimentation and optimization",
    11: "Real-world applications",
    12: "Advanced mathematics",
    13: "Ethics and responsible AI",
    14: "Research and publications",
    15: "Specialization",
}


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    milestone: int
    order: int
    topic: str
    task: str
    functions: tuple[str, ...]
    hints: tuple[str, ...]
    folder: Path
    time_limit_s: float = 10.0
    memory_mb: int = 3072
    uses: tuple[str, ...] = ()
    train_recipe: str | None = None
    train_entry: str | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def file_name(self) -> str:
        """The learner's file name in the workspace (an importable module name)."""
        return self.id.replace("-", "_") + ".py"

    @property
    def stub_path(self) -> Path:
        return self.folder / "stub.py"

    @property
    def solution_path(self) -> Path:
        return self.folder / "solution.py"

    @property
    def checks_path(self) -> Path:
        return self.folder / "checks.py"

    @property
    def wrong_paths(self) -> list[Path]:
        return sorted(self.folder.glob("wrong_*.py"))

    @property
    def milestone_name(self) -> str:
        return MILESTONE_NAMES.get(self.milestone, f"milestone {self.milestone}")

    def limits(self):
        from genlab.exercises.runner import Limits

        return Limits(per_check_s=self.time_limit_s,
                      total_s=max(60.0, 4 * self.time_limit_s), memory_mb=self.memory_mb)


_REQUIRED = ("id", "title", "milestone", "order", "topic", "task", "functions", "hints")


def _load_one(folder: Path) -> Exercise:
    meta_path = folder / "exercise.toml"
    try:
        meta = toml.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, toml.TOMLDecodeError) as exc:
        raise ConfigError(f"exercise metadata {meta_path} is unreadable: {exc}") from exc
    missing = [k for k in _REQUIRED if k not in meta]
    if missing:
        raise ConfigError(f"exercise metadata {meta_path} lacks {', '.join(missing)}")
    known = set(_REQUIRED) | {"time_limit_s", "memory_mb", "uses", "train_recipe",
                              "train_entry"}
    return Exercise(
        id=meta["id"], title=meta["title"], milestone=int(meta["milestone"]),
        order=int(meta["order"]), topic=meta["topic"], task=meta["task"].strip(),
        functions=tuple(meta["functions"]), hints=tuple(meta["hints"]), folder=folder,
        time_limit_s=float(meta.get("time_limit_s", 10.0)),
        memory_mb=int(meta.get("memory_mb", 3072)), uses=tuple(meta.get("uses", ())),
        train_recipe=meta.get("train_recipe"), train_entry=meta.get("train_entry"),
        extra={k: v for k, v in meta.items() if k not in known})


def extra_dirs() -> tuple[Path, ...]:
    """The teacher's exercise folders named by ``$GENLAB_EXERCISES``."""
    return tuple(Path(p).expanduser() for p in os.environ.get(EXTRA_ENV, "").split(os.pathsep) if p)


def load_catalog() -> tuple[Exercise, ...]:
    """Every exercise, built-in and the teacher's, in course order."""
    return _catalog(extra_dirs())


def load_folder(root: Path) -> list[Exercise]:
    """The exercises in ``root``: one exercise folder, or a folder of them."""
    if not root.is_dir():
        raise ConfigError(f"exercise folder {root} does not exist (or is not a folder)")
    if (root / "exercise.toml").is_file():
        return [_load_one(root)]
    found = [_load_one(d) for d in sorted(root.iterdir()) if (d / "exercise.toml").is_file()]
    if not found:
        raise ConfigError(f"{root} holds no exercise (no */exercise.toml)")
    return found


@functools.lru_cache(maxsize=8)
def _catalog(extra: tuple[Path, ...]) -> tuple[Exercise, ...]:
    found = [_load_one(d) for d in LIBRARY.iterdir() if (d / "exercise.toml").is_file()] \
        if LIBRARY.is_dir() else []
    seen = {e.id: e.folder for e in found}
    for root in extra:
        for ex in load_folder(root):
            if ex.id in seen:
                raise ConfigError(f"exercise id {ex.id!r} of {ex.folder} is taken (by {seen[ex.id]})")
            seen[ex.id] = ex.folder
            found.append(ex)
    return tuple(sorted(found, key=lambda e: (e.order, e.id)))


def all_exercises(milestone: int | None = None) -> list[Exercise]:
    return [e for e in load_catalog() if milestone is None or e.milestone == milestone]


def get(exercise_id: str) -> Exercise:
    """The exercise ``exercise_id``, or an UnknownNameError listing the ids that exist."""
    for ex in load_catalog():
        if ex.id == exercise_id:
            return ex
    raise unknown("exercise", exercise_id, [e.id for e in load_catalog()])


def next_after(exercise_id: str) -> Exercise | None:
    exercises = load_catalog()
    ids = [e.id for e in exercises]
    i = ids.index(exercise_id)
    return exercises[i + 1] if i + 1 < len(exercises) else None


def exercise_ids_by_milestone() -> dict[int, list[str]]:
    """Milestone number -> the ids of its exercises in course order (used by the roadmap)."""
    out: dict[int, list[str]] = {}
    for ex in load_catalog():
        out.setdefault(ex.milestone, []).append(ex.id)
    return out
