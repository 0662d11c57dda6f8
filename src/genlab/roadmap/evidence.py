"""Progress backed by evidence: which checklist activities the learner's work *shows* as done.

A curriculum activity may carry an evidence rule (``curriculum.toml``, validated by
:class:`genlab.roadmap.schema.EvidenceSpec`): an exercise passed, a finished run of a model with
a metric past a threshold, a sweep with enough finished trials, an audit or a model card written
for a run, a guide executed, journal notes of a length, a file present. :func:`verify` reads what is there (the
runs folders, the progress database, the journal, the working folder), says for each rule
whether it is met and by what, and records the ones met in the progress database. A milestone
whose rules are all met is marked done, with the evidence in its journal; ticking by hand stays
possible and is shown apart ("ticked by you" against "shown by your work").

Reading run folders needs no torch: only ``run.json`` and the files beside it are read.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Sources:
    """What the learner's work consists of, read once for all the rules."""

    runs: list[dict] = field(default_factory=list)      # run.json + "path", "card"
    sweeps: list[tuple[str, int]] = field(default_factory=list)  # (folder, finished trials)
    exercises: dict[str, str] = field(default_factory=dict)      # id -> passed / failing / gave-up
    journal_words: dict[int, int] = field(default_factory=dict)  # milestone -> words of notes
    root: Path = Path(".")


@dataclass(frozen=True)
class Finding:
    milestone: int
    activity: int          # 1-based, as `genlab tick` numbers them
    rule: dict
    met: bool
    shown_by: str | None   # the run, file or exercise that shows it
    wanted: str            # the rule in words


def gather(runs_dirs: list[Path], store, root: Path | str = ".") -> Sources:
    src = Sources(root=Path(root))
    for folder in runs_dirs:
        src.runs += _runs_in(Path(folder))
        for sweep in sorted((Path(folder) / "sweeps").glob("*")):
            trials = _runs_in(sweep / "trials")
            src.runs += trials
            src.sweeps.append((str(sweep), sum(r.get("status") == "finished" for r in trials)))
    src.exercises = store.exercise_statuses()
    for entry in store.journal():
        if entry.kind == "note" and entry.milestone_id is not None and entry.note:
            src.journal_words[entry.milestone_id] = src.journal_words.get(entry.milestone_id, 0) + len(entry.note.split())
    return src


def _runs_in(folder: Path) -> list[dict]:
    out = []
    for info_path in sorted(folder.glob("*/run.json")) if folder.is_dir() else []:
        try:
            info = json.loads(info_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a damaged run folder shows nothing
        info["path"] = str(info_path.parent)
        info["card"] = (info_path.parent / "model-card.md").is_file()
        info["has_audit"] = bool(info.get("audits")) or any((info_path.parent / "audit").glob("*.json"))
        out.append(info)
    return out


def describe(rule: dict) -> str:
    """A rule in words, for the learner."""
    kind = rule["kind"]
    if kind == "exercise":
        return f"exercise {rule['id']} passed (genlab check {rule['id']})"
    if kind == "run":
        what = f"a finished {rule.get('model', 'training')} run" + (
            " on your own images (--dataset folder:PATH)" if rule.get("dataset") == "folder:*" else
            f" on {rule['dataset']}" if rule.get("dataset") else "")
        if rule.get("max") is not None:
            what += f" with {rule['metric']} <= {rule['max']:g}"
        if rule.get("min") is not None:
            what += f" with {rule['metric']} >= {rule['min']:g}"
        return what
    if kind == "compare":
        of = f" {rule['model']}" if rule.get("model") else ""
        return (f"two finished{of} runs on the same data, both scored on {rule['metric']} with the same "
                "sample count (genlab runs compare RUN1 RUN2)")
    if kind == "sweep":
        return f"a sweep with at least {rule['trials']} finished trials (genlab sweep)"
    if kind == "audit":
        return "an audit of one of your runs (genlab audit RUN)"
    if kind == "card":
        return "a model card for one of your runs (genlab card RUN)"
    if kind == "journal":
        about = f" on: {rule['prompt']}" if rule.get("prompt") else ""
        return f"journal notes of at least {rule['words']} words on this milestone{about} (genlab journal)"
    if kind == "guide":
        return f"the {rule['id']} guide executed (genlab notebook {rule['id']} --execute)"
    return f"a file matching {rule['path']}"


def check(rule: dict, milestone: int, src: Sources) -> str | None:
    """What shows ``rule`` met (a run folder, a file, an exercise), or None."""
    kind = rule["kind"]
    if kind == "exercise":
        return f"exercise {rule['id']}" if src.exercises.get(rule["id"]) == "passed" else None
    if kind == "run":
        return next((r["path"] for r in src.runs if _run_meets(r, rule)), None)
    if kind == "compare":
        return _compared_pair(rule, src.runs)
    if kind == "sweep":
        return next((folder for folder, done in src.sweeps if done >= rule["trials"]), None)
    if kind == "audit":
        return next((r["path"] for r in src.runs if r["has_audit"]), None)
    if kind == "card":
        return next((r["path"] + "/model-card.md" for r in src.runs if r["card"]), None)
    if kind == "journal":
        words = src.journal_words.get(milestone, 0)
        return f"{words} words of journal notes" if words >= rule["words"] else None
    if kind == "guide":
        return next((str(p) for p in sorted(src.root.rglob(f"{rule['id'].replace('-', '?')}.ipynb"))
                     if _has_outputs(p)), None)
    matches = sorted(src.root.glob(rule["path"]))
    return str(matches[0]) if matches else None


def _has_outputs(notebook: Path) -> bool:
    """True for a notebook whose code cells were run (at least one has an output)."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return False
    return any(c.get("cell_type") == "code" and c.get("outputs") for c in cells)


def _compared_pair(rule: dict, runs: list[dict]) -> str | None:
    """'A vs B' for the first two runs that can be compared fairly on the rule's metric."""
    metric = rule["metric"]
    scored = [r for r in runs if r.get("status") == "finished" and metric in (r.get("metrics") or {})
              and rule.get("model") in (None, r.get("model"))]
    for i, a in enumerate(scored):
        for b in scored[i + 1:]:
            same_data = a.get("dataset") == b.get("dataset")
            na, nb = (r["metrics"].get("test/eval_samples") for r in (a, b))
            if same_data and na == nb:
                return f"{a['path']} vs {b['path']}"
    return None


def _run_meets(run: dict, rule: dict) -> bool:
    if run.get("status") != "finished" or rule.get("model") not in (None, run.get("model")):
        return False
    if rule.get("dataset") and not fnmatch.fnmatch(str(run.get("dataset", "")), rule["dataset"]):
        return False
    metric = rule.get("metric")
    if metric is None:
        return True
    value = (run.get("metrics") or {}).get(metric)
    if value is None:
        return False
    if rule.get("max") is not None and not value <= rule["max"]:
        return False
    return rule.get("min") is None or value >= rule["min"]


def verify(curriculum, store, src: Sources, milestone: int | None = None, record: bool = True) -> list[Finding]:
    """Check every activity that has a rule (of ``milestone``, or all); record what is met and
    mark a milestone done when all its rules are met."""
    findings = []
    for m in curriculum.milestones:
        if milestone is not None and m.id != milestone:
            continue
        for i, activity in enumerate(m.activities, 1):
            rule = activity.rule
            if rule is None:
                continue
            shown_by = check(rule, m.id, src)
            findings.append(Finding(m.id, i, rule, shown_by is not None, shown_by, describe(rule)))
    if record:
        for f in findings:
            if f.met:
                store.record_evidence(f.milestone, f.activity, f.shown_by)
        _mark_shown_milestones(curriculum, store, findings)
    return findings


def _mark_shown_milestones(curriculum, store, findings: list[Finding]) -> None:
    by_milestone: dict[int, list[Finding]] = {}
    for f in findings:
        by_milestone.setdefault(f.milestone, []).append(f)
    statuses = store.milestones()
    for mid, fs in by_milestone.items():
        current = statuses.get(mid)
        if all(f.met for f in fs) and (current is None or current.status != "done"):
            store.set_status(mid, "done", note="shown by genlab verify: " + "; ".join(
                f"activity {f.activity}: {f.shown_by}" for f in fs))


def unshown(milestone, shown: dict) -> list[tuple[int, str]]:
    """(activity number, rule in words) of the milestone's rules that nothing shows yet."""
    return [(i, describe(a.rule)) for i, a in enumerate(milestone.activities, 1)
            if a.rule is not None and (milestone.id, i) not in shown]
