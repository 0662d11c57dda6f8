"""Summaries of run folders, read from run.json and config.toml only (never checkpoints)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from genlab.runs.run_dir import RunDir, list_runs


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

    def as_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["path"] = str(self.path)
        return d


def summarize(run: RunDir) -> RunSummary:
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
    return RunSummary(run.name, run.path, info.get("model") or config.get("model", {}).get("name", "?"),
                      info.get("dataset") or config.get("data", {}).get("dataset", "?"),
                      info.get("status", "unknown"), int(info.get("step", 0)),
                      float(info.get("train_seconds", 0.0)), key, value)


def all_runs(root: Path) -> list[RunSummary]:
    return [summarize(r) for r in list_runs(root)]


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
    from genlab.runs.plots import curve_keys, plot_panels

    series = {r.name: r.read_metrics() for r in runs}
    keys = metrics or [k for k in curve_keys([rec for recs in series.values() for rec in recs])
                       if k == "train/loss" or k.startswith("test/")]
    return plot_panels(series, keys, path)
