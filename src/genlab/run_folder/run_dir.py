"""A run folder, ``runs/<name>-<timestamp>/``, and how to find one again.

Contents: ``config.toml`` (the resolved config), ``run.json`` (status, environment, summary),
``metrics.jsonl`` (one JSON object per line), ``checkpoints/``, ``samples/`` (PNG grids per
evaluation), ``curves.png`` and ``report.html``. This module imports no torch.
"""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from genlab.errors import RunError
from genlab.fileio import write_atomic


def runs_root(explicit: str | Path | None = None) -> Path:
    """``--runs-dir``, else ``$GENLAB_RUNS``, else ``./runs``."""
    return Path(explicit or os.environ.get("GENLAB_RUNS") or "runs")


class RunDir:
    CONFIG, INFO, METRICS = "config.toml", "run.json", "metrics.jsonl"

    def __init__(self, path: Path):
        self.path = Path(path)

    # -- creating and finding ---------------------------------------------------------------
    @classmethod
    def create(cls, root: Path, name: str) -> "RunDir":
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        root.mkdir(parents=True, exist_ok=True)
        for i in range(1000):
            path = root / (f"{name}-{stamp}" + (f"-{i}" if i else ""))
            try:
                path.mkdir()
                return cls(path)
            except FileExistsError:
                continue
        raise RunError(f"cannot create a run folder in {root}")

    @classmethod
    def open(cls, ref: str | Path, root: str | Path | None = None) -> "RunDir":
        """A run by path, by folder name under the runs root, by run name (the newest run
        called so), or ``last`` for the newest run."""
        candidates = [Path(ref)]
        base = runs_root(root)
        if str(ref) == "last":
            runs = sorted(list_runs(base), key=lambda r: r.path.stat().st_mtime)
            if not runs:
                raise RunError(f"no runs in {base}")
            return runs[-1]
        candidates.append(base / str(ref))
        if base.is_dir() and "/" not in str(ref) and not any(p.is_dir() for p in candidates):
            named = sorted(base.glob(f"{ref}-*"), key=lambda p: p.stat().st_mtime)
            candidates += [p for p in reversed(named) if (p / cls.CONFIG).is_file()][:1]  # newest
        for path in candidates:
            if path.is_dir():
                run = cls(path)
                if not (path / cls.CONFIG).is_file():
                    raise RunError(f"{path} is not a genlab run folder (no {cls.CONFIG}); "
                                   "pass a folder under runs/ made by 'genlab train'")
                return run
        raise RunError(f"run {str(ref)!r} not found (looked in . and {base}); "
                       "see the folders under runs/")

    # -- paths ------------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.path.name

    @property
    def checkpoints(self) -> Path:
        return self.path / "checkpoints"

    @property
    def samples(self) -> Path:
        return self.path / "samples"

    @property
    def report(self) -> Path:
        return self.path / "report.html"

    @property
    def curves(self) -> Path:
        return self.path / "curves.png"

    @property
    def horizons(self) -> Path:
        """A video run's scores by horizon (see :func:`genlab.run_folder.plots.horizons_figure`)."""
        return self.path / "horizons.png"

    # -- config and info --------------------------------------------------------------------
    def write_config(self, config: dict[str, Any]) -> None:
        import tomli_w

        write_atomic(self.path / self.CONFIG, tomli_w.dumps(config))

    def read_config(self) -> dict[str, Any]:
        from genlab.config import read_toml

        return read_toml(self.path / self.CONFIG)

    def read_info(self) -> dict[str, Any]:
        try:
            return json.loads((self.path / self.INFO).read_text())
        except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
            return {}

    def update_info(self, **fields: Any) -> dict[str, Any]:
        info = self.read_info()
        info.update(fields)
        info["updated"] = time.time()
        write_atomic(self.path / self.INFO, json.dumps(info, indent=2, default=str))
        return info

    # -- metrics ----------------------------------------------------------------------------
    def log_metrics(self, record: dict[str, Any]) -> None:
        with open(self.path / self.METRICS, "a") as fh:
            fh.write(json.dumps(record) + "\n")

    def read_metrics(self) -> list[dict[str, Any]]:
        """Every well-formed line of metrics.jsonl (a half-written last line is skipped)."""
        records = []
        try:
            lines = (self.path / self.METRICS).read_text().splitlines()
        except FileNotFoundError:
            return []
        for line in lines:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict):
                records.append(record)
        return records

    def truncate_metrics_after(self, step: int) -> None:
        """On resume, drop lines logged after the checkpoint we resume from."""
        kept = [r for r in self.read_metrics() if r.get("step", 0) <= step]
        write_atomic(self.path / self.METRICS, "".join(json.dumps(r) + "\n" for r in kept))

    def final_metrics(self) -> dict[str, float]:
        """The last value of each test/* metric."""
        out: dict[str, float] = {}
        for record in self.read_metrics():
            for key, value in record.items():
                if key.startswith("test/") and isinstance(value, (int, float)):
                    out[key] = value
        return out

    def latest_sample_grids(self) -> dict[str, Path]:
        """Newest PNG of each kind in samples/ (``<kind>-step-XXXXXXXX.png``)."""
        latest: dict[str, Path] = {}
        for png in sorted(self.samples.glob("*-step-*.png")):
            latest[png.name.rsplit("-step-", 1)[0]] = png
        return latest


    def latest_text_samples(self) -> dict[str, Path]:
        """Newest text sample of each kind in samples/ (``<kind>-step-XXXXXXXX.txt``)."""
        latest: dict[str, Path] = {}
        for txt in sorted(self.samples.glob("*-step-*.txt")):
            latest[txt.name.rsplit("-step-", 1)[0]] = txt
        return latest


def list_runs(root: Path) -> list[RunDir]:
    if not root.is_dir():
        return []
    return [RunDir(p) for p in sorted(root.iterdir()) if (p / RunDir.CONFIG).is_file()]
