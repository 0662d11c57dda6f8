"""Summaries of run folders, read from run.json and config.toml only (never checkpoints)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from genlab.run_folder.run_dir import RunDir, list_runs


@dataclass
class RunSummary:
    name: str
    path: Path
    model: str
    dataset: str
    status: str
    step: int
    seconds: float
    key_metric: str
    value: float | None
    sweep: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["path"] = str(self.path)
        return d


def summarize(run: RunDir, root: Path | None = None) -> RunSummary:
    """One row of the runs table; ``root``: name the run by its path under it (sweep trials)."""
    info = run.read_info()
    try:
        config = run.read_config()
    except Exception:  # a half-written or damaged config: still list the run
        config = {}
    key = info.get("key_metric", "")
    metrics = info.get("metrics") or {}
    value = metrics.get(key)
    if value is None and key:
        value = run.final_metrics().get(key)
    name = str(run.path.relative_to(root)) if root is not None else run.name
    return RunSummary(name, run.path, info.get("model") or config.get("model", {}).get("name", "?"),
                      info.get("dataset") or config.get("data", {}).get("dataset", "?"),
                      info.get("status", "unknown"), int(info.get("step", 0)),
                      float(info.get("train_seconds", 0.0)), key, value)


def all_runs(root: Path, trials: bool = False) -> list[RunSummary]:
    """The runs under ``root``; with ``trials``, every sweep's trial runs after them (named by
    their path under ``root``, which ``genlab runs show`` takes)."""
    rows = [summarize(r) for r in list_runs(root)]
    if trials:
        for sweep, runs in sweep_trials(root).items():
            rows += [_in_sweep(summarize(r, root), sweep) for r in runs]
    return rows


def sweep_trials(root: Path) -> dict[str, list[RunDir]]:
    """The trial runs of each sweep in ``root/sweeps``, by sweep name."""
    folder = root / "sweeps"
    if not folder.is_dir():
        return {}
    return {s.name: list_runs(s / "trials") for s in sorted(folder.iterdir()) if (s / "trials").is_dir()}


def sweep_summaries(root: Path) -> list[dict[str, Any]]:
    """One row per sweep: how many trials ended how, and where its results are."""
    rows = []
    for sweep, runs in sweep_trials(root).items():
        counts: dict[str, int] = {}
        for t in map(summarize, runs):
            counts[t.status] = counts.get(t.status, 0) + 1
        folder = root / "sweeps" / sweep
        rows.append({"sweep": sweep, "trials": len(runs), "statuses": counts, "folder": str(folder),
                     "results": str(folder / "results.md")})
    return rows


def _in_sweep(row: RunSummary, sweep: str) -> RunSummary:
    row.sweep = sweep
    return row


def flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"model": {"lr": 1}}`` -> ``{"model.lr": 1}``."""
    out: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def config_diff(runs: list[RunDir]) -> dict[str, list[Any]]:
    """The config keys whose values differ between runs: key -> value per run."""
    flats = [flatten(r.read_config()) for r in runs]
    keys = sorted(set().union(*flats))
    diff = {}
    for key in keys:
        values = [f.get(key) for f in flats]
        if any(v != values[0] for v in values[1:]):
            diff[key] = values
    return diff


def overlay_curves(runs: list[RunDir], path: Path, metrics: list[str] | None = None) -> Path | None:
    """One panel per metric, one line per run."""
    from genlab.run_folder.plots import plot_panels

    return plot_panels(*_overlay(runs, metrics), path)


def overlay_figure(runs: list[RunDir], metrics: list[str] | None = None):
    """:func:`overlay_curves` as a matplotlib Figure (for notebooks)."""
    from genlab.run_folder.plots import curves_figure

    return curves_figure(*_overlay(runs, metrics))


def _overlay(runs: list[RunDir], metrics: list[str] | None):
    from genlab.run_folder.plots import curve_keys

    series = {r.name: r.read_metrics() for r in runs}
    keys = metrics or [k for k in curve_keys([rec for recs in series.values() for rec in recs])
                       if k == "train/loss" or k.startswith("test/")]
    return series, keys
