"""Where the benchmarks put what they measured: ``src/genlab/figures/NAME.json`` (one result per
benchmark) or ``NAME.jsonl`` there (one line per model, appended); see :mod:`genlab.figures`.

The docs site, the README's labs table and the guides are written from these files only, so a
figure cannot drift from the command that measured it. Each entry carries a
``measured`` record: the command, the date, the git commit, the torch version and the CPU count.
``GENLAB_FIGURES=DIR`` writes elsewhere (to measure without touching the committed figures).
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def figures_dir() -> Path:
    return Path(os.environ.get("GENLAB_FIGURES", REPO / "src" / "genlab" / "figures"))


def provenance() -> dict:
    """How and where this result was measured."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, cwd=REPO).stdout.strip() or None
    except OSError:
        commit = None
    try:
        from importlib.metadata import version

        torch = version("torch")
    except Exception:  # noqa: BLE001 - torch is optional for the torch-free benchmarks
        torch = None
    script = Path(sys.argv[0]).resolve()
    if script.is_relative_to(REPO):
        script = script.relative_to(REPO)
    return {"command": " ".join(["python", script.as_posix(), *sys.argv[1:]]),
            "date": datetime.date.today().isoformat(), "commit": commit, "torch": torch,
            "cpus": os.cpu_count(), "machine": platform.machine()}


def record(name: str, result: dict, *, append: bool = False, **measured) -> Path:
    """Write ``result`` (with its provenance) as ``NAME.json``, or append it to ``NAME.jsonl``;
    ``measured`` overrides parts of the provenance (the command that really measured it)."""
    folder = figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    entry = {**result, "measured": {**provenance(), **measured}}
    if append:
        path = folder / f"{name}.jsonl"
        with path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")
    else:
        path = folder / f"{name}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(entry, indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)
    return path
