"""Dashboard page times with many runs: every page must render in <= 200 ms of server time.

Generates RUNS run folders (default 200) in a temporary folder, each like a real one: a
config.toml, a run.json, a metrics.jsonl of a few hundred lines, two sample grids, and a
checkpoint of 4 MB that the runs list must never read. Then it requests each page REPEAT
times through FastAPI's TestClient and reports the server time (the app's ``Server-Timing``
header: routing, reading the files, rendering) and the client's wall time, median and max.
The first request to the runs list (no summaries cached yet) is reported on its own.

Then a bounded load test on loopback: the real server (``genlab serve``, uvicorn) over the same
runs folder, while a real ``genlab train`` writes a new run into it, and CLIENTS concurrent
clients (default 50) for SECONDS (default 30) asking in turn for the runs list, a run's page,
its live update and the training run's page. Every answer must be a 200: the benchmark fails
on any error or time-out, and reports requests/s and the p50/p99 latency seen by the clients.

    python benchmarks/dashboard.py [--runs 200] [--repeat 15] [--clients 50] [--seconds 30]

The last line is JSON: ``{"runs": 200, "max_median_ms": ..., "pages": {...}, "load": {...}}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "genlab", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


async def hammer(base: str, urls: list, clients: int, seconds: float) -> tuple[list[float], list[str]]:
    """``clients`` tasks, each asking for the next of ``urls`` (callables give a fresh URL)
    until ``seconds`` have passed; every latency in ms, and every error."""
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    end = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30.0, limits=limits) as client:
        async def one_client(k: int) -> None:
            i = k
            while time.monotonic() < end:
                url = urls[i % len(urls)]
                url = url() if callable(url) else url
                i += 1
                start = time.perf_counter()
                try:
                    r = await client.get(url)
                    if r.status_code != 200:
                        errors.append(f"{url}: HTTP {r.status_code}")
                except httpx.HTTPError as exc:
                    errors.append(f"{url}: {type(exc).__name__}")
                latencies.append((time.perf_counter() - start) * 1000)

        await asyncio.gather(*(one_client(k) for k in range(clients)))
    return latencies, errors


def load_test(root: Path, names: list[str], clients: int, seconds: float) -> dict:
    """The real server under ``clients`` concurrent readers while a run trains into its folder."""
    import urllib.request

    env = {**os.environ, "GENLAB_RUNS": str(root / "runs")}
    port = free_port()
    server = start(["serve", "--port", str(port), "--runs-dir", str(root / "runs")], env)
    trainer = None
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:  # the server answers
            try:
                urllib.request.urlopen(base + "/runs", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"the dashboard did not start: {server.stderr.read()[-500:]}")
                time.sleep(0.2)
        trainer = start(["train", "vae", "--dataset", "digits", "--steps", "1000000", "--minutes",
                         str(seconds / 60 + 1), "--name", "live", "-q", "--no-download", "--runs-dir",
                         str(root / "runs"), "--set", "train.eval_every=100", "--set", "train.checkpoint_every=200"],
                        env)
        while not list((root / "runs").glob("live-*/metrics.jsonl")):  # it is writing
            if trainer.poll() is not None:
                sys.exit(f"the training run failed: {trainer.stderr.read()[-500:]}")
            time.sleep(0.2)
        live = next((root / "runs").glob("live-*")).name
        urls = ["/runs", f"/runs/{live}", f"/runs/{live}/live",
                lambda: f"/runs/{random.choice(names)}", "/runs?sort=metric&order=asc",
                lambda: f"/runs/{random.choice(names)}/live"]
        start_t = time.perf_counter()
        latencies, errors = asyncio.run(hammer(base, urls, clients, seconds))
        elapsed = time.perf_counter() - start_t
        still_training = trainer.poll() is None
    finally:
        for proc in (trainer, server):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
    q = statistics.quantiles(latencies, n=100)
    return {"clients": clients, "seconds": seconds, "requests": len(latencies),
            "requests_per_s": round(len(latencies) / elapsed, 1), "errors": len(errors),
            "first_errors": errors[:5], "p50_ms": round(q[49], 1), "p99_ms": round(q[98], 1),
            "max_ms": round(max(latencies), 1), "trained_throughout": still_training}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients of the load test (0: none)")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the load test")
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
        if args.clients:
            load = load_test(root, names, args.clients, args.seconds)
            print(f"load: {load['clients']} clients for {load['seconds']:.0f} s while a run trains: "
                  f"{load['requests']} requests ({load['requests_per_s']}/s), {load['errors']} errors, "
                  f"p50 {load['p50_ms']} ms, p99 {load['p99_ms']} ms, max {load['max_ms']} ms")
            for line in load["first_errors"]:
                print(f"  error: {line}")
            result["load"] = load
        print(json.dumps(result))
        record("dashboard", result)
        failed = max_median > BUDGET_MS or (args.clients and result["load"]["errors"])
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
