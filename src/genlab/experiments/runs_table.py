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
    records = {r.name: r.read_metrics() for r in runs}
    keys = metrics or sorted({k for recs in records.values() for rec in recs for k in rec
                              if (k.startswith("test/") or k == "train/loss")
                              and isinstance(rec[k], (int, float))})
    if not keys:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = min(3, len(keys))
    rows = -(-len(keys) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.5 * cols, 3.3 * rows), squeeze=False)
    for ax, key in zip(axes.flat, keys):
        for name, recs in records.items():
            pts = [(r["step"], r[key]) for r in recs if key in r and "step" in r]
            if pts:
                xs, ys = zip(*pts)
                ax.plot(xs, ys, label=name, marker="o" if len(xs) < 20 else None, markersize=3)
        ax.set_title(key)
        ax.set_xlabel("step")
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(keys):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
