"""Paper reproductions as benchmarks: ``genlab papers run ID`` for each paper, its table
recorded in ``src/genlab/figures/papers.jsonl`` (one line per paper; the docs show the newest).

Each reproduction trains at laptop size (5–15 CPU minutes per paper); run them one at a time.
``--from FOLDER`` records a reproduction that already ran (the ``results.json`` that
``genlab papers run`` wrote in its run folder) instead of running it again.

Run: ``python benchmarks/papers.py [ID ...] [--from FOLDER ...]``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from record import record  # benchmarks/record.py: writes src/genlab/figures/

REPO = Path(__file__).resolve().parents[1]


def run_paper(paper_id: str, runs: Path) -> Path:
    env = {**os.environ, "GENLAB_RUNS": str(runs)}
    proc = subprocess.run([sys.executable, "-m", "genlab", "papers", "run", paper_id], cwd=REPO, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode:
        sys.exit(f"genlab papers run {paper_id} failed: {proc.stderr.strip().splitlines()[-1:]}")
    [folder] = sorted((runs / "papers").glob(f"{paper_id}-*"))
    return folder


def save(folder: Path) -> str:
    result = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    if result.get("tiny"):
        sys.exit(f"{folder}: a --tiny reproduction; its figures are not the paper table")
    pid = result["paper"]["id"]
    when = datetime.date.fromtimestamp((folder / "results.json").stat().st_mtime).isoformat()
    env = next((json.loads(r.read_text())["environment"] for r in sorted(folder.glob("*/run.json"))), {})
    commit = (env.get("git_commit") or "")[:7] + ("+dirty" if "dirty" in env.get("git_commit", "") else "")
    record("papers", {"model": pid, **result}, append=True, command=f"genlab papers run {pid}", date=when,
           commit=commit or None, torch=env.get("torch"))
    return pid


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("ids", nargs="*", help="paper ids (genlab papers lists them)")
    p.add_argument("--from", dest="folders", nargs="*", type=Path, default=[],
                   help="record these finished reproductions instead of running them")
    args = p.parse_args(argv)
    for folder in args.folders:
        print(f"recorded {save(folder)} from {folder}")
    with tempfile.TemporaryDirectory(prefix="genlab-bench-papers-") as tmp:
        for pid in args.ids:
            print(f"recorded {save(run_paper(pid, Path(tmp)))}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
