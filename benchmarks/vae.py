"""VAE benchmark: genlab's default ``vae`` recipe against the classic PyTorch example.

Reference (pytorch/examples' MLP VAE, torchvision per-sample loading, 10 epochs of
Fashion-MNIST, batch 128, Adam 1e-3, on this 2-core machine): 86.9 s wall, test loss
244.35 nats per image, 866 MB peak RSS. Goals: test negative ELBO <= 244.5 in <= 45 s wall
including start-up, peak RSS <= 600 MB, and trainer overhead <= 10% against a bare PyTorch
loop that trains the same model on the same in-memory tensors, measured in the same run.

Run: ``python benchmarks/vae.py``. The last line is JSON.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from record import record  # benchmarks/record.py: writes src/genlab/figures/

REPO = Path(__file__).resolve().parents[1]


def run_genlab(runs: Path) -> dict:
    """The real command, in its own process, timed from start-up to exit."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "genlab", "train", "vae", "--runs-dir", str(runs),
                           "-q", "--no-download"], capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - start
    if proc.returncode:
        sys.exit(f"genlab train failed: {proc.stderr.strip()}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # only child so far
    [run] = list(runs.iterdir())
    info = json.loads((run / "run.json").read_text())
    return {"wall_s": wall, "peak_rss_mb": peak, "train_s": info["train_seconds"],
            **{k.split("/")[1]: v for k, v in info["metrics"].items()}}


def bare_loop() -> None:
    """The same model, data tensors and evaluation schedule, in a plain PyTorch loop."""
    import torch

    from genlab.config import load_config
    from genlab.models.base import DataInfo
    from genlab.training.job import build_model, load_data

    cfg = load_config("vae", ["data.download=false"])
    train, test = load_data(cfg)
    model = build_model(cfg, DataInfo(train.shape, train.num_classes))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    test_batches = [(test.float_images(slice(i, i + 1000)),) for i in range(0, len(test), 1000)]
    start = time.perf_counter()
    for epoch in range(10):
        order = torch.randperm(len(train))
        for i in range(0, len(train), 128):
            loss = model.loss((train.float_images(order[i:i + 128]),)).loss
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        with torch.no_grad():
            model.eval()
            metrics = model.evaluate(test_batches, final=epoch == 9)
            model.train()
    print(json.dumps({"bare_s": time.perf_counter() - start, "bare_nelbo": metrics["nelbo"]}))


def run_bare() -> dict:
    proc = subprocess.run([sys.executable, __file__, "--bare"], capture_output=True, text=True, cwd=REPO)
    if proc.returncode:
        sys.exit(f"bare loop failed: {proc.stderr.strip()[-400:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        genlab = run_genlab(Path(tmp))
    bare = run_bare()
    overhead = 100 * (genlab["train_s"] - bare["bare_s"]) / bare["bare_s"]
    print(f"genlab train vae: test nelbo {genlab['nelbo']:.2f} nats, iw-nll(k=16) {genlab['iw_nll']:.2f}, "
          f"{genlab['wall_s']:.1f} s wall (training {genlab['train_s']:.1f} s), "
          f"peak RSS {genlab['peak_rss_mb']:.0f} MB")
    print(f"bare PyTorch loop: {bare['bare_s']:.1f} s, test nelbo {bare['bare_nelbo']:.2f}")
    print(f"trainer overhead: {overhead:+.1f}%   (goals: nelbo <= 244.5, wall <= 45 s, RSS <= 600 MB, "
          "overhead <= 10%; reference example: 244.35, 86.9 s, 866 MB)")
    result = {"test_nelbo": round(genlab["nelbo"], 3), "test_iw_nll": round(genlab["iw_nll"], 3),
                      "wall_s": round(genlab["wall_s"], 2), "train_s": round(genlab["train_s"], 2),
                      "peak_rss_mb": round(genlab["peak_rss_mb"], 1), "bare_s": round(bare["bare_s"], 2),
                      "overhead_pct": round(overhead, 2), "cpus": os.cpu_count()}
    print(json.dumps(result))
    record("vae", result)


if __name__ == "__main__":
    bare_loop() if "--bare" in sys.argv else main()
