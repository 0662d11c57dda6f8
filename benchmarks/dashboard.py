"""Dashboard page times with many runs: every page must render in <= 200 ms of server time.

Generates RUNS run folders (default 200) in a temporary folder, each like a real one: a
config.toml, a run.json, a metrics.jsonl of a few hundred lines, two sample grids, and a
checkpoint of 4 MB that the runs list must never read. Then it requests each page REPEAT
times through FastAPI's TestClient and reports the server time (the app's ``Server-Timing``
header: routing, reading the files, rendering) and the client's wall time, median and max.
The first request to the runs list (no summaries cached yet) is reported on its own.

    python benchmarks/dashboard.py [--runs 200] [--repeat 15]

The last line is JSON: ``{"runs": 200, "max_median_ms": ..., "pages": {...}}``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from record import record  # benchmarks/record.py: writes src/genlab/figures/

BUDGET_MS = 200.0


def make_runs(root: Path, count: int, metric_lines: int = 300) -> list[str]:
    from PIL import Image

    rng = random.Random(0)
    grid = Image.new("L", (328, 328))
    grid.putdata([rng.randrange(256) for _ in range(328 * 328)])
    png = root / "grid.png"
    grid.save(png)
    png_bytes = png.read_bytes()
    blob = os.urandom(4 << 20)
    names = []
    for i in range(count):
        model = ("vae", "gan", "diffusion", "gpt")[i % 4]
        name = f"{model}-20261125-{i:06d}"
        path = root / "runs" / name
        (path / "samples").mkdir(parents=True)
        (path / "checkpoints" / "step-00001000").mkdir(parents=True)
        (path / "config.toml").write_text(
            f'recipe = "{model}"\n[model]\nname = "{model}"\nhidden_dim = {16 * (1 + i % 8)}\n'
            f'latent_dim = 20\n[data]\ndataset = "digits"\nbatch_size = 128\n[optim]\n'
            f'name = "adam"\nlr = {10 ** -rng.uniform(2, 4):.6f}\n[train]\nsteps = 1000\n'
            f'seed = {i}\n')
        lines = []
        for step in range(1, metric_lines + 1):
            lines.append(json.dumps({"step": step * 10, "epoch": step / 30,
                                     "train/loss": 100 / (1 + step * 0.1) + rng.random(),
                                     "lr": 1e-3, "time": step * 0.1}))
            if step % 30 == 0:
                lines.append(json.dumps({"step": step * 10, "test/nelbo": 90 / (1 + step * 0.05),
                                         "test/kl": 3.0 + rng.random()}))
        (path / "metrics.jsonl").write_text("\n".join(lines) + "\n")
        status = "finished" if i % 10 else "running"
        (path / "run.json").write_text(json.dumps({
            "status": status, "model": model, "dataset": "digits", "key_metric": "test/nelbo",
            "step": 3000, "train_seconds": 60.0 + i, "metrics": {"test/nelbo": 20 + rng.random()},
            "environment": {"device": "cpu", "python": "3.11"}}))
        for kind in ("samples", "reconstructions"):
            (path / "samples" / f"{kind}-step-00003000.png").write_bytes(png_bytes)
        (path / "checkpoints" / "step-00001000" / "model.safetensors").write_bytes(blob)
        (path / "checkpoints" / "latest").write_text("step-00001000\n")
        names.append(name)
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="genlab-dash-bench-") as tmp:
        root = Path(tmp)
        os.environ["GENLAB_HOME"] = str(root / "home")
        t0 = time.perf_counter()
        names = make_runs(root, args.runs)
        print(f"generated {args.runs} runs in {time.perf_counter() - t0:.1f} s")

        from fastapi.testclient import TestClient

        from genlab.dashboard.app import create_app
        from genlab.roadmap.progress import ProgressStore

        with ProgressStore(root / "home" / "progress.db") as store:  # some history to draw
            for mid in (1, 2):
                store.set_status(mid, "done", note="benchmark")
            store.set_status(3, "in-progress")
        client = TestClient(create_app(root / "runs", root / "home" / "progress.db"))

        def server_ms(url: str) -> tuple[float, float]:
            start = time.perf_counter()
            r = client.get(url)
            wall = (time.perf_counter() - start) * 1000
            assert r.status_code == 200, (url, r.status_code)
            return float(r.headers["server-timing"].split("dur=")[1]), wall

        cold_runs, _ = server_ms("/runs")
        pages = {"roadmap": "/", "milestone": "/milestone/7", "runs": "/runs",
                 "runs sorted by metric": "/runs?sort=metric&order=asc",
                 "run": f"/runs/{names[1]}", "run live (changed)": f"/runs/{names[1]}/live",
                 "compare (4 runs)": "/compare?" + "&".join(f"run={n}" for n in names[1:5]),
                 "gallery": "/gallery"}
        results = {}
        print(f"{'page':24} {'median ms':>10} {'max ms':>8} {'wall ms':>8}   (server time, "
              f"{args.repeat} requests, {args.runs} runs)")
        for label, url in pages.items():
            server_ms(url)  # warm-up: templates compiled, summaries cached
            times = [server_ms(url) for _ in range(args.repeat)]
            med = statistics.median(t for t, _ in times)
            worst = max(t for t, _ in times)
            wall = statistics.median(w for _, w in times)
            results[label] = {"median_ms": round(med, 1), "max_ms": round(worst, 1),
                              "wall_ms": round(wall, 1)}
            flag = "" if med <= BUDGET_MS else "  OVER BUDGET"
            print(f"{label:24} {med:10.1f} {worst:8.1f} {wall:8.1f}{flag}")
        print(f"{'runs (first, cold)':24} {cold_runs:10.1f}")
        max_median = max(r["median_ms"] for r in results.values())
        result = {"runs": args.runs, "budget_ms": BUDGET_MS, "max_median_ms": max_median,
                  "runs_cold_ms": round(cold_runs, 1), "within_budget": max_median <= BUDGET_MS,
                  "pages": results}
        print(json.dumps(result))
        record("dashboard", result)
        sys.exit(0 if max_median <= BUDGET_MS else 1)


if __name__ == "__main__":
    main()
