"""The curriculum as the commands see it: plain, frozen dataclasses.

These are built from the *validated* form of a curriculum file (see :mod:`.schema`), either
straight after validation or from the loader's cache. Keeping them free of pydantic means a
cached curriculum loads without importing pydantic at all, which keeps ``genlab`` fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from genlab.errors import unknown

STATUSES = ("not-started", "in-progress", "done", "skipped")
"""Progress of one milestone, as stored. ``skip`` and ``reset`` are accepted as aliases."""

LINK_KINDS = ("lab", "exercise", "experiment", "command")
AVAILABILITY = ("available", "coming")


@dataclass(frozen=True)
class Resource:
    id: str
    title: str
    url: str
    kind: str
    topic: str


@dataclass(frozen=True)
class TopicArea:
    id: str
    title: str
    summary: str
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class Link:
    """Something genlab offers for a milestone: a lab, an exercise, an experiment or a command."""

    kind: str
    name: str
    status: str
    command: str | None = None
    note: str | None = None

    @property
    def available(self) -> bool:
        return self.status == "available"


@dataclass(frozen=True)
class Activity:
    """A concrete thing to do, with the evidence that shows it was done."""

    text: str
    done_when: str
    command: str | None = None
    #: what ``genlab verify`` checks (see :class:`genlab.roadmap.schema.EvidenceSpec`) as sorted
    #: (key, value) pairs, or None; :attr:`rule` gives it as a dict
    evidence: tuple | None = None

    @property
    def rule(self) -> dict | None:
        return dict(self.evidence) if self.evidence else None


@dataclass(frozen=True)
class Milestone:
    id: int
    phase: int
    title: str
    summary: str
    why: str
    topics: tuple[str, ...]
    resources: tuple[str, ...]
    prerequisites: tuple[int, ...]
    weight: float
    links: tuple[Link, ...]
    activities: tuple[Activity, ...]


@dataclass(frozen=True)
class Phase:
    id: int
    title: str
    summary: str
    months_from: int
    months_to: int | None  # None: open-ended ("24+ months")

    @property
    def months_label(self) -> str:
        if self.months_to is None:
            return f"{self.months_from}+ months"
        return f"{self.months_from}\u2013{self.months_to} months"


@dataclass(frozen=True)
class PlanBasis:
    """How the roadmap's month ranges become hours (see :mod:`.planner`)."""

    basis_hours_per_week: float
    open_ended_months: float


@dataclass(frozen=True)
class Curriculum:
    title: str
    note: str
    plan: PlanBasis
    phases: tuple[Phase, ...]
    milestones: tuple[Milestone, ...]
    topics: tuple[TopicArea, ...]
    source: str = ""
    #: the curriculum's version and, for each later version, how activities moved:
    #: (version, milestone, old activity, new activity or 0 for removed)
    version: int = 1
    moves: tuple[tuple[int, int, int, int], ...] = ()
    _by_id: dict[int, Milestone] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({m.id: m for m in self.milestones})

    # -- look-ups that raise the standard one-line error -----------------------------------
    def milestone(self, milestone_id: int) -> Milestone:
        try:
            return self._by_id[milestone_id]
        except KeyError:
            raise unknown("milestone", str(milestone_id), [str(i) for i in self._by_id]) from None

    def phase(self, phase_id: int) -> Phase:
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise unknown("phase", str(phase_id), [str(p.id) for p in self.phases])

    def topic(self, key: str) -> TopicArea:
        """A topic area by id (``nlp``) or by title, case-insensitively."""
        wanted = key.strip().lower()
        for area in self.topics:
            if wanted in (area.id.lower(), area.title.lower()):
                return area
        raise unknown("topic", key, [a.id for a in self.topics])

    def milestones_of(self, phase_id: int) -> list[Milestone]:
        return [m for m in self.milestones if m.phase == phase_id]

    def resource(self, resource_id: str) -> Resource:
        for area in self.topics:
            for res in area.resources:
                if res.id == resource_id:
                    return res
        raise unknown("resource", resource_id, [r.id for a in self.topics for r in a.resources])

    def ordered(self) -> list[Milestone]:
        """Milestones in study order: prerequisites first, otherwise by id (Kahn's algorithm)."""
        import heapq

        waiting = {m.id: set(m.prerequisites) for m in self.milestones}
        ready = [i for i, pre in waiting.items() if not pre]
        heapq.heapify(ready)
        order: list[Milestone] = []
        while ready:
            current = heapq.heappop(ready)
            order.append(self._by_id[current])
            for other, pre in waiting.items():
                if current in pre:
                    pre.discard(current)
                    if not pre:
                        heapq.heappush(ready, other)
        return order

    # -- construction from the validated dictionary -----------------------------------------
    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "") -> Curriculum:
        topics = tuple(
            TopicArea(
                id=t["id"], title=t["title"], summary=t.get("summary", ""),
                resources=tuple(Resource(topic=t["id"], **r) for r in t["resources"]),
            )
            for t in data["topics"]
        )
        milestones = tuple(
            Milestone(
                id=m["id"], phase=m["phase"], title=m["title"], summary=m["summary"],
                why=m["why"], topics=tuple(m["topics"]), resources=tuple(m["resources"]),
                prerequisites=tuple(m["prerequisites"]), weight=float(m["weight"]),
                links=tuple(Link(**link) for link in m["links"]),
                activities=tuple(Activity(**{**a, "evidence": _frozen(a.get("evidence"))})
                                 for a in m["activities"]),
            )
            for m in data["milestones"]
        )
        return cls(
            title=data["title"], note=data.get("note", ""),
            plan=PlanBasis(**data["plan"]),
            phases=tuple(Phase(**p) for p in data["phases"]),
            milestones=milestones, topics=topics, source=source,
            version=int(data.get("version", 1)),
            moves=tuple((mv["version"], mv["milestone"], mv["old"], mv["new"]) for mv in data.get("moves", [])),
        )


def _frozen(rule: dict | None) -> tuple | None:
    """An evidence rule as sorted (key, value) pairs without the unset keys (hashable)."""
    return tuple(sorted((k, v) for k, v in rule.items() if v is not None)) if rule else None
