"""Reading run folders for the dashboard, safely and without ever failing a page.

Two rules shape this module:

- **Only files inside the runs folder are served.** A run is named by one path component that
  must be a direct child of the runs root after symlinks are resolved; a file of a run must lie
  inside that run's folder after symlinks are resolved, outside ``checkpoints/``, with a suffix
  from a short allow-list. Anything else is "not found" (``None`` here, 404 in the app).
- **A half-written run is still a run.** A run that is training, a missing or damaged
  ``config.toml`` / ``run.json``, malformed lines in ``metrics.jsonl``, a deleted checkpoint:
  each becomes a notice on the page, never an exception.

The runs list reads ``run.json`` and ``config.toml`` only (through
:func:`genlab.experiments.runs_table.summarize`), never checkpoints, and caches each summary
until one of those files changes, so a list of hundreds of runs stays fast.
"""

from __future__ import annotations

import json
import math
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genlab.experiments.runs_table import RunSummary, summarize
from genlab.run_folder.run_dir import RunDir

SERVED_SUFFIXES = {".png", ".gif", ".jpg", ".jpeg", ".webp", ".html", ".json", ".jsonl",
                   ".toml", ".txt", ".md", ".csv"}
FINISHED_STATUSES = {"finished", "interrupted", "diverged", "failed", "stopped"}
STALE_AFTER_S = 15 * 60  # a "running" run silent for this long has probably stopped


# -- safe look-ups ------------------------------------------------------------------------------

def _bad_component(part: str) -> bool:
    return (not part or part in (".", "..") or part.startswith(".") or "\\" in part
            or "\x00" in part or ":" in part)


def resolve_run(root: Path, name: str) -> Path | None:
    """The folder of run ``name`` (a direct child of ``root``), or None."""
    if "/" in name or _bad_component(name):
        return None
    try:
        base = root.resolve()
        path = (root / name).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return None
    if path.parent != base or not path.is_dir():
        return None
    return path


def resolve_file(run_path: Path, relative: str) -> Path | None:
    """A file inside a run folder that may be served, or None."""
    if relative.startswith("/") or not relative:
        return None
    parts = relative.split("/")
    if any(_bad_component(p) for p in parts) or parts[0] == "checkpoints":
        return None
    try:
        base = run_path.resolve()
        path = (run_path / relative).resolve()
    except (OSError, RuntimeError):
        return None
    if not path.is_relative_to(base) or path == base or not path.is_file():
        return None
    if path.relative_to(base).parts[0] == "checkpoints" or path.suffix.lower() not in SERVED_SUFFIXES:
        return None
    return path


# -- the runs list --------------------------------------------------------------------------------

def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class RunsIndex:
    """Summaries of every run under ``root``, each re-read only when its files change."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._cache: dict[str, tuple[Any, RunSummary]] = {}
        self._lock = threading.Lock()

    def summaries(self) -> list[RunSummary]:
        try:
            entries = sorted(os.scandir(self.root), key=lambda e: e.name)
        except OSError:
            return []
        out, seen = [], set()
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_dir():
                continue
            path = Path(entry.path)
            config = _stamp(path / RunDir.CONFIG)
            if config is None:
                continue  # not a run (yet): the trainer writes config.toml first
            info = _stamp(path / RunDir.INFO)
            metrics = _stamp(path / RunDir.METRICS)
            key = (config, info, metrics)
            seen.add(entry.name)
            with self._lock:
                cached = self._cache.get(entry.name)
            if cached is not None and cached[0] == key:
                out.append(cached[1])
                continue
            try:
                summary = summarize(RunDir(path))
            except Exception:  # noqa: BLE001 - a damaged run is listed, never fatal
                summary = RunSummary(entry.name, path, "?", "?", "damaged", 0, 0.0, "", None)
            with self._lock:
                self._cache[entry.name] = (key, summary)
            out.append(summary)
        with self._lock:
            for gone in set(self._cache) - seen:
                del self._cache[gone]
        return out


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


# Every key is made of plain str and float values, whatever a damaged run.json holds.
SORT_KEYS = {
    "name": lambda s: s.name,
    "model": lambda s: (str(s.model), s.name),
    "dataset": lambda s: (str(s.dataset), s.name),
    "status": lambda s: (str(s.status), s.name),
    "step": lambda s: (_number(s.step) or 0.0, s.name),
    "time": lambda s: (_number(s.seconds) or 0.0, s.name),
    "metric": lambda s: (str(s.key_metric), _number(s.value) is None, _number(s.value) or 0.0,
                         s.name),
}


def sort_summaries(runs: list[RunSummary], key: str, descending: bool) -> list[RunSummary]:
    return sorted(runs, key=SORT_KEYS.get(key, SORT_KEYS["name"]), reverse=descending)


# -- one run, for its page --------------------------------------------------------------------------

def read_metrics(path: Path) -> tuple[list[dict], int]:
    """Well-formed records of metrics.jsonl and the number of lines that were not."""
    try:
        text = (path / RunDir.METRICS).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return [], 0
    records, bad = [], 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if isinstance(record, dict):
            records.append(record)
        else:
            bad += 1
    return records, bad


def change_token(path: Path) -> str:
    """Changes whenever the files the live part of a run page shows change."""
    parts = []
    for name in (RunDir.METRICS, RunDir.INFO, "samples"):
        stamp = _stamp(path / name)
        parts.append("-" if stamp is None else f"{stamp[0]:x}.{stamp[1]:x}")
    return "_".join(parts)


def _fmt_seconds(seconds: float) -> str:
    seconds = float(seconds or 0)
    if seconds < 60:
        return f"{seconds:.1f} s"
    if seconds < 3600:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


@dataclass
class RunView:
    name: str
    path: Path
    status: str = "unknown"
    info: dict = field(default_factory=dict)
    config_text: str | None = None
    config: dict = field(default_factory=dict)
    records: list[dict] = field(default_factory=list)
    bad_lines: int = 0
    latest: dict[str, Any] = field(default_factory=dict)
    samples: dict[str, str] = field(default_factory=dict)  # kind -> path relative to the run
    notices: list[str] = field(default_factory=list)
    has_report: bool = False
    has_curves: bool = False
    token: str = ""

    @property
    def live(self) -> bool:
        return self.status not in FINISHED_STATUSES

    @property
    def model(self) -> str:
        return str(self.info.get("model") or self.config.get("model", {}).get("name") or "?")

    @property
    def dataset(self) -> str:
        return str(self.info.get("dataset") or self.config.get("data", {}).get("dataset") or "?")

    @property
    def step(self) -> int:
        steps = [r["step"] for r in self.records if isinstance(r.get("step"), (int, float))]
        return int(max(steps + [self.info.get("step") or 0]))

    @property
    def duration(self) -> str:
        return _fmt_seconds(self.info.get("train_seconds") or 0)


def latest_samples(path: Path) -> dict[str, str]:
    """Newest grid of each kind in samples/, as paths relative to the run folder; a video run's
    GIFs (input | truth | prediction) are kinds of their own, which the browser plays in place."""
    latest: dict[str, str] = {}
    try:
        names = sorted(e.name for e in os.scandir(path / "samples") if e.is_file())
    except OSError:
        return latest
    for name in names:
        if name.endswith((".png", ".gif")) and "-step-" in name:
            kind = name.rsplit("-step-", 1)[0] + (" (animated)" if name.endswith(".gif") else "")
            latest[kind] = f"samples/{name}"
    return latest


_INFO_TYPES: dict[str, tuple[type, ...]] = {
    "status": (str,), "model": (str,), "dataset": (str,), "key_metric": (str,),
    "step": (int, float), "train_seconds": (int, float), "seed": (int, str),
    "metrics": (dict,), "environment": (dict,), "updated": (int, float),
}


def _clean_info(raw: Any, notes: list[str]) -> dict:
    """run.json without the fields of the wrong type (each dropped with a notice)."""
    if not isinstance(raw, dict):
        notes.append("run.json does not hold an object; status and environment are unknown.")
        return {}
    info = dict(raw)
    for key, types in _INFO_TYPES.items():
        if key in info and (not isinstance(info[key], types) or isinstance(info[key], bool)):
            notes.append(f"run.json: field {key!r} has an unexpected value; ignored.")
            del info[key]
    for key in ("step", "train_seconds"):
        if key in info and not math.isfinite(info[key]):
            del info[key]
    return info


def load_run(path: Path, now: float | None = None) -> RunView:
    """Everything a run page shows, with a notice for each thing that is missing or damaged."""
    from genlab import toml

    view = RunView(path.name, path)
    view.token = change_token(path)
    notes = view.notices

    try:
        view.config_text = (path / RunDir.CONFIG).read_text(encoding="utf-8", errors="replace")
    except OSError:
        notes.append("This folder has no config.toml yet: the run is being created, or it is "
                     "not a complete genlab run folder.")
    if view.config_text is not None:
        try:
            view.config = toml.loads(view.config_text)
        except toml.TOMLDecodeError as exc:
            notes.append(f"config.toml cannot be parsed ({exc}); it is shown as text.")

    info_file = path / RunDir.INFO
    try:
        raw = json.loads(info_file.read_text(encoding="utf-8"))
        view.info = _clean_info(raw, notes)
    except FileNotFoundError:
        notes.append("run.json is missing: status and environment are unknown (the run may "
                     "still be starting).")
    except (OSError, ValueError):
        notes.append("run.json is damaged or half-written; status and environment are unknown.")
    view.status = str(view.info.get("status") or "unknown")

    view.records, view.bad_lines = read_metrics(path)
    if view.bad_lines:
        notes.append(f"{view.bad_lines} malformed line{'s' if view.bad_lines != 1 else ''} in "
                     "metrics.jsonl skipped (a line being written, or a damaged file).")
    if not view.records:
        notes.append("No metrics logged yet.")
    for record in view.records:
        for key, value in record.items():
            if key not in ("epoch", "time", "final") and isinstance(value, (int, float)) \
                    and not isinstance(value, bool):
                view.latest[key] = value
    view.latest.update({k: v for k, v in (view.info.get("metrics") or {}).items()
                        if isinstance(v, (int, float)) and not isinstance(v, bool)})

    if view.status == "running":
        updated = max((_stamp(path / n) or (0, 0))[0] for n in (RunDir.INFO, RunDir.METRICS))
        silent = (now or time.time()) - updated / 1e9
        if silent > STALE_AFTER_S:
            notes.append(f"Marked as running, but nothing was written for "
                         f"{_fmt_seconds(silent)}: the training process has probably stopped "
                         "(resume it with `genlab train --resume`).")
        else:
            notes.append("This run is training: the page updates itself as metrics arrive.")
    elif view.status == "diverged":
        notes.append("Training diverged (NaN or infinite loss); the last good checkpoint is kept.")
    elif view.status == "interrupted":
        notes.append("Training was interrupted; continue it with `genlab train --resume`.")

    view.samples = latest_samples(path)
    if not view.samples and view.status in ("finished", "interrupted"):
        notes.append("No sample grids in samples/.")
    if view.status in ("finished", "interrupted"):
        latest_file = path / "checkpoints" / "latest"
        try:
            target = latest_file.read_text(encoding="utf-8").strip()
            if not target or not (path / "checkpoints" / target).is_dir():
                notes.append(f"The latest checkpoint ({target or '?'}) is missing: sampling "
                             "and resuming from this run will not work.")
        except OSError:
            notes.append("No checkpoint: sampling and resuming from this run will not work.")
    view.has_report = (path / "report.html").is_file()
    view.has_curves = (path / "curves.png").is_file()
    return view
