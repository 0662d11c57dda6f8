"""Throughput of genlab training in 1 and 2 processes (torchrun, DDP over gloo) on this machine.

Trains the default MLP VAE on Fashion-MNIST for a fixed number of steps with a global batch of
256, and reports training images per second measured from the metrics log (start-up and
evaluation excluded). One process uses all cores through PyTorch's intra-op threads; with two
processes torchrun gives each process one thread, so on a 2-core machine the same two cores
are only divided differently and little gain is expected: the gradient all-reduce is added
work, while the per-process matrix products get smaller. On a machine with a GPU, pass
``--gpu`` to add the 1-GPU figure.

Run: ``python benchmarks/ddp.py [--steps 400] [--gpu]``. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from record import record  # benchmarks/record.py: writes src/genlab/figures/

REPO = Path(__file__).resolve().parents[1]
BATCH = 256


def throughput(runs: Path) -> float:
    [run] = [p for p in runs.iterdir() if p.is_dir()]
    logs = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    train = [r for r in logs if "train/loss" in r]
    first, last = train[0], train[-1]
    return (last["step"] - first["step"]) * BATCH / (last["time"] - first["time"])


def train(launcher: list[str], steps: int, device: str, runs: Path) -> float:
    cmd = launcher + ["-m", "genlab", "train", "vae", "--steps", str(steps), "--batch-size", str(BATCH),
                      "--device", device, "--runs-dir", str(runs), "-q", "--no-download",
                      "--set", "train.log_every=20", "--set", "train.eval_every=1000000",
                      "--set", "model.eval_iw_samples=0"]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if proc.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.strip()[-600:]}")
    return throughput(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--gpu", action="store_true")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        results["cpu_1proc_images_per_s"] = train([sys.executable], args.steps, "cpu", tmp / "one")
        results["cpu_2proc_images_per_s"] = train(
            [sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2"], args.steps, "cpu",
            tmp / "two")
        if args.gpu:
            results["gpu_1_images_per_s"] = train([sys.executable], args.steps, "cuda", tmp / "gpu")
    results["speedup_2proc"] = results["cpu_2proc_images_per_s"] / results["cpu_1proc_images_per_s"]
    for key, value in results.items():
        print(f"{key:28s} {value:10.2f}")
    result = {k: round(v, 3) for k, v in results.items()}
    print(json.dumps(result))
    record("ddp", result)


if __name__ == "__main__":
    main()
