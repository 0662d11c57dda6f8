"""The schema of a curriculum file, checked with pydantic, plus the checks across records.

A curriculum is a TOML file (see ``curriculum.toml``). Validation happens in two steps:

1. pydantic checks each record's shape: required fields, types, allowed values, no unknown
   fields (a misspelt key is an error, not silently ignored);
2. :func:`validate` then checks what ties records together: unique ids, phases and resources
   that exist, prerequisites that exist and do not form a cycle.

Every problem becomes one line naming the record (``milestone 7: ...``), raised as
:class:`~genlab.roadmap.errors.CurriculumError`.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from genlab.roadmap.errors import CurriculumError

SCHEMA_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ResourceSpec(_Strict):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://\S+$")
    kind: Literal["docs", "course", "book", "tutorial", "site", "paper"] = "docs"


class TopicAreaSpec(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    summary: str = ""
    resources: list[ResourceSpec] = Field(min_length=1)


class LinkSpec(_Strict):
    kind: Literal["lab", "exercise", "experiment", "command"]
    name: str = Field(min_length=1)
    status: Literal["available", "coming"] = "coming"
    command: Optional[str] = None
    note: Optional[str] = None

    @model_validator(mode="after")
    def _default_command(self) -> LinkSpec:
        # What the learner types; labs and commands have an obvious one.
        if self.command is None:
            if self.kind == "lab":
                self.command = f"genlab train {self.name}"
            elif self.kind == "exercise":
                self.command = f"genlab exercise start {self.name}"
            elif self.kind == "command":
                self.command = f"genlab {self.name}"
            elif self.kind == "experiment":
                raise ValueError("an experiment link needs a 'command'")
        return self


class EvidenceSpec(_Strict):
    """What genlab can check to show an activity was done (``genlab verify``):

    - ``exercise``: the exercise ``id`` passed;
    - ``run``: a finished run of ``model`` and/or on ``dataset`` (a glob such as ``folder:*``),
      whose ``metric`` (if given) is at most ``max`` or at least ``min``;
    - ``compare``: two finished runs (of ``model``, if given) on the same dataset, both scored on
      ``metric`` with the same sample count (``test/eval_samples``, where recorded);
    - ``sweep``: a sweep with at least ``trials`` finished trials;
    - ``audit`` / ``card``: a run with a ``genlab audit`` result / a model card;
    - ``journal``: journal notes on this milestone of at least ``words`` words in all;
    - ``file``: a file at ``path`` (a glob, relative to the folder ``genlab verify`` runs in);
    - ``guide``: the guide ``id`` executed, its outputs saved (``genlab notebook ID --execute``
      writes ``ID.ipynb`` there or below).
    """

    kind: Literal["exercise", "run", "compare", "sweep", "audit", "card", "journal", "file", "guide"]
    id: Optional[str] = None
    model: Optional[str] = None
    dataset: Optional[str] = None
    metric: Optional[str] = None
    max: Optional[float] = None
    min: Optional[float] = None
    trials: Optional[int] = Field(None, ge=1)
    words: Optional[int] = Field(None, ge=1)
    path: Optional[str] = None
    prompt: Optional[str] = None

    @model_validator(mode="after")
    def _fields_of_the_kind(self) -> "EvidenceSpec":
        needed = {"exercise": ["id"], "guide": ["id"], "compare": ["metric"], "sweep": ["trials"],
                  "journal": ["words"],
                  "file": ["path"]}.get(self.kind, [])
        missing = [f for f in needed if getattr(self, f) is None]
        if missing:
            raise ValueError(f"{self.kind} evidence needs {', '.join(missing)}")
        if self.kind == "run" and self.model is None and self.dataset is None:
            raise ValueError("run evidence needs a model or a dataset")
        if (self.max is not None or self.min is not None) and self.metric is None:
            raise ValueError("a threshold (max/min) needs the metric it applies to")
        return self


class ActivitySpec(_Strict):
    text: str = Field(min_length=1)
    done_when: str = Field(min_length=1)
    command: Optional[str] = None
    evidence: Optional[EvidenceSpec] = None


class MilestoneSpec(_Strict):
    id: int = Field(ge=1)
    phase: int
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    why: str = Field(min_length=1)
    topics: list[str] = Field(min_length=1)
    resources: list[str] = []
    prerequisites: list[int] = []
    weight: float = Field(default=1.0, gt=0)
    links: list[LinkSpec] = []
    activities: list[ActivitySpec] = Field(min_length=1)


class PhaseSpec(_Strict):
    id: int = Field(ge=1)
    title: str = Field(min_length=1)
    summary: str = ""
    months_from: int = Field(ge=0)
    months_to: Optional[int] = None

    @model_validator(mode="after")
    def _range(self) -> PhaseSpec:
        if self.months_to is not None and self.months_to < self.months_from:
            raise ValueError("months_to is smaller than months_from")
        return self


class PlanBasisSpec(_Strict):
    basis_hours_per_week: float = Field(gt=0)
    open_ended_months: float = Field(gt=0)


class ActivityMoveSpec(_Strict):
    """In curriculum ``version``, activity ``old`` of ``milestone`` became activity ``new``
    (0: it was removed; the learner's tick and evidence are kept as a journal note)."""

    version: int = Field(ge=2)
    milestone: int
    old: int = Field(ge=1)
    new: int = Field(ge=0)


class CurriculumSpec(_Strict):
    schema_version: Literal[1] = Field(alias="schema", default=1)
    version: int = Field(1, ge=1, description="the curriculum's own version: raise it when activities move")
    moves: list[ActivityMoveSpec] = Field(default_factory=list)
    title: str = Field(min_length=1)
    note: str = ""
    plan: PlanBasisSpec
    phases: list[PhaseSpec] = Field(min_length=1)
    milestones: list[MilestoneSpec] = Field(min_length=1)
    topics: list[TopicAreaSpec] = Field(min_length=1)


# -- turning pydantic's report into one line ---------------------------------------------------

_RECORD_NAMES = {"phases": "phase", "milestones": "milestone", "topics": "topic",
                 "resources": "resource", "links": "link", "activities": "activity"}


def _where(raw: Any, loc: tuple) -> str:
    """Describe an error location with the record ids a person would use ("milestone 7")."""
    parts: list[str] = []
    node = raw
    pending: str | None = None
    for key in loc:
        if isinstance(key, int) and pending is not None:
            item = node[key] if isinstance(node, list) and key < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            name = _RECORD_NAMES.get(pending, pending)
            parts.append(f"{name} {ident}" if ident is not None else f"{name} #{key + 1}")
            node, pending = item, None
            continue
        if pending is not None:
            parts.append(pending)
        pending = str(key)
        node = node.get(key) if isinstance(node, dict) else None
    if pending is not None:
        parts.append(pending)
    return ", ".join(parts) or "top level"


def _one_line(raw: dict, exc: ValidationError) -> str:
    errors = exc.errors()
    first = errors[0]
    loc = tuple(first["loc"])
    kind = first["type"]
    if kind == "missing":
        where, msg = _where(raw, loc[:-1]), f"missing field {loc[-1]!r}"
    elif kind == "extra_forbidden":
        where, msg = _where(raw, loc[:-1]), f"unknown field {loc[-1]!r}"
    else:
        where, msg = _where(raw, loc), first["msg"].removeprefix("Value error, ")
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" \
        if len(errors) > 1 else ""
    return f"{where}: {msg}{more}"


# -- checks across records -----------------------------------------------------------------------

def _duplicates(values: list) -> list:
    seen, dups = set(), []
    for v in values:
        if v in seen and v not in dups:
            dups.append(v)
        seen.add(v)
    return dups


def find_cycle(graph: dict[int, list[int]]) -> list[int] | None:
    """A cycle in ``node -> prerequisites`` as a list of ids (first == last), or None."""
    white, grey, black = 0, 1, 2
    colour = {node: white for node in graph}
    stack: list[int] = []

    def visit(node: int) -> list[int] | None:
        colour[node] = grey
        stack.append(node)
        for nxt in graph.get(node, []):
            if colour.get(nxt) == grey:
                return stack[stack.index(nxt):] + [nxt]
            if colour.get(nxt) == white:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        colour[node] = black
        return None

    for node in sorted(graph):
        if colour[node] == white:
            found = visit(node)
            if found:
                return found
    return None


def _cross_checks(spec: CurriculumSpec) -> None:
    def fail(msg: str) -> None:
        raise CurriculumError(msg)

    for kind, ids in (("phase", [p.id for p in spec.phases]),
                      ("milestone", [m.id for m in spec.milestones]),
                      ("topic", [t.id for t in spec.topics]),
                      ("resource", [r.id for t in spec.topics for r in t.resources])):
        dups = _duplicates(ids)
        if dups:
            fail(f"duplicate {kind} id {dups[0]!r}")

    phase_ids = {p.id for p in spec.phases}
    milestone_ids = {m.id for m in spec.milestones}
    resource_ids = {r.id for t in spec.topics for r in t.resources}
    for m in spec.milestones:
        if m.phase not in phase_ids:
            fail(f"milestone {m.id}: phase {m.phase} does not exist")
        for pre in m.prerequisites:
            if pre == m.id:
                fail(f"milestone {m.id}: lists itself as a prerequisite")
            if pre not in milestone_ids:
                fail(f"milestone {m.id}: unknown prerequisite {pre}")
        for res in m.resources:
            if res not in resource_ids:
                fail(f"milestone {m.id}: unknown resource {res!r}")
    for p in spec.phases:
        if not any(m.phase == p.id for m in spec.milestones):
            fail(f"phase {p.id}: has no milestones")

    phases = sorted(spec.phases, key=lambda p: p.id)
    for earlier, later in zip(phases, phases[1:]):
        if earlier.months_to is None:
            fail(f"phase {earlier.id}: only the last phase may be open-ended (no months_to)")
        if later.months_to is not None and \
                later.months_from + later.months_to <= earlier.months_from + earlier.months_to:
            fail(f"phase {later.id}: its month range must end later than phase {earlier.id}'s")

    counts = {m.id: len(m.activities) for m in spec.milestones}
    for mv in spec.moves:
        if mv.version > spec.version:
            fail(f"activity move to version {mv.version}, but the curriculum is version {spec.version}")
        if mv.milestone not in counts:
            fail(f"activity move: unknown milestone {mv.milestone}")
        if mv.version == spec.version and mv.new > counts[mv.milestone]:
            fail(f"activity move: milestone {mv.milestone} has activities 1-{counts[mv.milestone]}, not {mv.new}")

    cycle = find_cycle({m.id: list(m.prerequisites) for m in spec.milestones})
    if cycle:
        fail("prerequisites form a cycle: " + " -> ".join(str(i) for i in cycle))


def validate(raw: dict) -> dict:
    """Validate a parsed curriculum; return its normalized form (plain dicts and lists).

    Raises :class:`CurriculumError` with one line describing the first problem.
    """
    try:
        spec = CurriculumSpec.model_validate(raw)
    except ValidationError as exc:
        raise CurriculumError(_one_line(raw, exc)) from None
    _cross_checks(spec)
    data = spec.model_dump(mode="json", exclude={"schema_version"})
    data["phases"].sort(key=lambda p: p["id"])
    data["milestones"].sort(key=lambda m: m["id"])
    return data
