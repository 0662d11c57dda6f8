"""GPT benchmark: genlab's `gpt` recipe against the real nanoGPT, one after the other, same text.

``--nanogpt DIR`` points to a nanoGPT checkout (``git clone https://github.com/karpathy/nanoGPT``;
measured at commit 3adf61e). Its code is not part of genlab: the benchmark copies the checkout
to a temporary folder, writes Tiny Shakespeare there, runs its ``prepare.py`` and then its own
``train.py`` with the CPU configuration of its README (4 layers, 4 heads, 128 dims, block 64,
batch 12, 2000 iterations, dropout 0, eval_iters 20). nanoGPT's time is from its process start
to the line reporting its final validation loss (the parent stamps each line as it arrives).

Then ``genlab train gpt`` (the same model size) runs with an evaluation every 50 steps on the
same held-out 10% of the text; the parent stamps each line of its metrics log as it is written,
so genlab's time to nanoGPT's final validation loss is its wall time from process start,
interpolated linearly between the two evaluations that straddle that loss. Both times count
start-up, evaluations and everything else. Peak RSS is each child's own (``wait4``). genlab's
fixed costs are reported apart: start-up (process start to the training loop), the first
step, the evaluations, and the final evaluation with the report.

Without ``--nanogpt`` it says so and reports genlab alone. Also: tokens/s and MFU (model FLOPs,
6 per parameter per token plus attention, over the peak of a large fp32 matmul measured in this
same run), the `gpt-shakespeare-cpu` recipe and the char-LSTM for the lab's comparison table.

Run: ``python benchmarks/gpt.py [--nanogpt DIR]`` (Tiny Shakespeare from $GENLAB_TINYSHAKESPEARE,
default ../shared/data/tinyshakespeare/input.txt). The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from child import TrainFailed, train_recipe  # benchmarks/child.py: genlab train, timed from outside
from record import record  # benchmarks/record.py: writes src/genlab/figures/

REPO = Path(__file__).resolve().parents[1]
DEFAULT_TEXT = REPO.parent / "shared" / "data" / "tinyshakespeare" / "input.txt"


def matmul_peak(n: int = 1024, seconds: float = 3.0) -> float:
    """Best fp32 matmul FLOP/s of n x n x n products over a few seconds."""
    import torch

    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        a @ b
    best, end = 0.0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        for _ in range(5):
            a @ b
        best = max(best, 5 * 2 * n**3 / (time.perf_counter() - start))
    return best


def train(recipe: str, runs: Path, *overrides: str) -> dict:
    """``genlab train RECIPE`` in a child process: wall time, its peak RSS, its run.json."""
    try:
        child = train_recipe(recipe, runs / recipe, overrides=overrides)
    except TrainFailed as exc:
        sys.exit(str(exc))
    return {"wall_s": child.wall_s, "peak_rss_mb": child.peak_rss_mb, "steps": child.info["step"],
            "train_s": child.info["train_seconds"], "val_loss": child.metrics["test/loss"],
            "info": child.info, "config": child.config_text}


NANOGPT_ARGS = ["config/train_shakespeare_char.py", "--device=cpu", "--compile=False", "--eval_iters=20",
                "--log_interval=1", "--block_size=64", "--batch_size=12", "--n_layer=4", "--n_head=4",
                "--n_embd=128", "--max_iters=2000", "--lr_decay_iters=2000", "--dropout=0.0"]


def timed_child(cmd: list[str], cwd: Path, on_line=None, watch: Path | None = None) -> dict:
    """Run ``cmd``; stamp every stdout line (and every new line of ``watch``'s metrics logs) with
    the seconds since the start; the wall time and the child's own peak RSS."""
    stamped: list[tuple[float, str]] = []
    logged: list[tuple[float, dict]] = []
    done = threading.Event()
    start = time.perf_counter()

    def tail_metrics() -> None:
        seen = 0
        while True:
            finished = done.is_set()
            for log in watch.glob("*/metrics.jsonl"):
                lines = log.read_text().splitlines()
                for line in lines[seen:]:
                    if line.endswith("}"):  # a complete line
                        logged.append((time.perf_counter() - start, json.loads(line)))
                        seen += 1
            if finished:
                return
            time.sleep(0.01)

    watcher = threading.Thread(target=tail_metrics, daemon=True) if watch else None
    if watcher:
        watcher.start()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    for line in proc.stdout:
        stamped.append((time.perf_counter() - start, line.rstrip()))
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    if watcher:
        watcher.join()
    if os.waitstatus_to_exitcode(status):
        tail = "\n".join(line for _, line in stamped[-15:])
        sys.exit(f"failed: {' '.join(cmd)}\n{tail}")
    return {"wall_s": wall, "peak_rss_mb": usage.ru_maxrss / 1024, "lines": stamped, "logged": logged}


def run_nanogpt(checkout: Path, text: Path, work: Path) -> dict:
    """nanoGPT's own prepare.py and train.py from a copy of the user's checkout."""
    if not (checkout / "train.py").is_file() or not (checkout / "data" / "shakespeare_char" / "prepare.py").is_file():
        sys.exit(f"--nanogpt {checkout}: not a nanoGPT checkout (no train.py or data/shakespeare_char/prepare.py)")
    copy = work / "nanogpt"
    shutil.copytree(checkout, copy, ignore=shutil.ignore_patterns(".git", "out*"))
    data = copy / "data" / "shakespeare_char"
    shutil.copy(text, data / "input.txt")  # prepare.py downloads only when input.txt is missing
    subprocess.run([sys.executable, "prepare.py"], cwd=data, check=True, capture_output=True)
    child = timed_child([sys.executable, "train.py", *NANOGPT_ARGS, f"--out_dir={work / 'nanogpt-out'}"], copy)
    evals = [(t, int(m[1]), float(m[2])) for t, line in child["lines"]
             if (m := re.match(r"step (\d+): train loss [\d.]+, val loss ([\d.]+)", line))]
    if not evals:
        sys.exit("nanoGPT printed no validation loss")
    t_final, step, val = evals[-1]
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=checkout, capture_output=True,
                                text=True).stdout.strip() or None
    except OSError:
        commit = None
    return {"val_loss": val, "steps": step, "time_to_final_s": t_final, "wall_s": child["wall_s"],
            "peak_rss_mb": child["peak_rss_mb"], "commit": commit,
            "curve": [(round(t, 2), s, v) for t, s, v in evals]}


def genlab_curve(work: Path) -> dict:
    """``genlab train gpt`` with an evaluation every 50 steps, every log line stamped."""
    runs = work / "genlab-curve"
    runs.mkdir()
    cmd = [sys.executable, "-m", "genlab", "train", "gpt", "--runs-dir", str(runs), "-q", "--no-download",
           "--set", "train.eval_every=50", "--set", "train.log_every=1"]
    child = timed_child(cmd, REPO, watch=runs)
    [run] = list(runs.iterdir())
    info = json.loads((run / "run.json").read_text())
    return {**child, "info": info, "config": (run / "config.toml").read_text()}


def time_to_loss(evals: list[tuple[float, float]], target: float) -> float | None:
    """The first time the loss reaches ``target``, linear between the evaluations around it."""
    for (t0, v0), (t1, v1) in zip(evals, evals[1:]):
        if v1 <= target:
            return t1 if v0 <= target else t0 + (t1 - t0) * (v0 - target) / (v0 - v1)
    return None


def fixed_costs(logged: list[tuple[float, dict]], wall: float) -> dict:
    """Start-up, first step, evaluations and final evaluation + report, from the stamped log.

    The trainer's clock (``time``) runs from the first step and includes its evaluations; with a
    training record at every step, an evaluation at step N lasts from the training record of
    step N to its own record."""
    train = {r["step"]: r for _, r in logged if "train/loss" in r}
    first = min(train)
    startup = next(t for t, r in logged if r["step"] == first and "train/loss" in r) - train[first]["time"]
    evals = final = 0.0
    for t, r in logged:
        if "train/loss" in r or r["step"] not in train:
            continue
        took = r["time"] - train[r["step"]]["time"]
        if r.get("final"):
            final = took + (wall - t)
        else:
            evals += took
    last = train[max(train)]["time"]
    return {"startup_s": round(startup, 2), "first_step_s": round(train[first]["time"] / first, 3),
            "evaluations_s": round(evals, 2), "final_eval_and_report_s": round(final, 2),
            "training_s": round(last - evals, 2)}


def model_flops_per_token(run: dict) -> tuple[float, int]:
    import tomllib

    from genlab.models.base import DataInfo
    from genlab.models.gpt import GPT, GPTConfig

    cfg = tomllib.loads(run["config"])
    model = GPT(GPTConfig(**cfg["model"]), DataInfo.from_dict(run["info"]["data"]))
    tokens_per_step = cfg["data"]["batch_size"] * cfg["model"]["block_size"]
    return model.flops_per_token(), tokens_per_step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nanogpt", type=Path, metavar="DIR", help="a nanoGPT checkout to run beside genlab")
    parser.add_argument("--skip-recipe", action="store_true")
    parser.add_argument("--skip-lstm", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("GENLAB_TINYSHAKESPEARE", str(DEFAULT_TEXT))
    text = Path(os.environ["GENLAB_TINYSHAKESPEARE"])
    if not text.is_file():
        sys.exit(f"Tiny Shakespeare not found at {text}")
    import torch

    peak = matmul_peak()
    print(f"matmul peak: {peak / 1e9:.1f} GFLOP/s fp32 on {torch.get_num_threads()} threads", flush=True)
    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        nano = None
        if args.nanogpt:
            nano = run_nanogpt(args.nanogpt.expanduser().resolve(), text, work)
            print(f"nanoGPT {nano['commit'] or ''} (its README's CPU config): val loss {nano['val_loss']:.4f} "
                  f"at step {nano['steps']} after {nano['time_to_final_s']:.1f} s ({nano['wall_s']:.1f} s wall), "
                  f"peak RSS {nano['peak_rss_mb']:.0f} MB", flush=True)
            result["nanogpt"] = {k: (round(v, 2) if k.endswith("_s") or k.endswith("_mb") else v)
                                 for k, v in nano.items()}
            result.update(nanogpt_val_loss=nano["val_loss"], nanogpt_wall_s=round(nano["time_to_final_s"], 1),
                          nanogpt_peak_rss_mb=round(nano["peak_rss_mb"]))
        else:
            print("no --nanogpt DIR given: nanoGPT is not run, genlab is reported alone "
                  "(git clone https://github.com/karpathy/nanoGPT, then --nanogpt PATH)", flush=True)
        same = genlab_curve(work)
        info, wall = same["info"], same["wall_s"]
        evals = [(t, r["test/loss"]) for t, r in same["logged"] if "test/loss" in r]
        flops, tokens_per_step = model_flops_per_token(same)
        tps = info["step"] * tokens_per_step / info["train_seconds"]
        costs = fixed_costs(same["logged"], wall)
        val = info["metrics"]["test/loss"]
        print(f"gpt (nanoGPT's CPU size): val loss {val:.4f} in {wall:.1f} s wall ({info['step']} steps), "
              f"peak RSS {same['peak_rss_mb']:.0f} MB, {tps:,.0f} tokens/s, MFU {tps * flops / peak:.1%}", flush=True)
        print("  fixed costs: " + ", ".join(f"{k} {v}" for k, v in costs.items()), flush=True)
        result.update(same_config_val_loss=round(val, 4), same_config_wall_s=round(wall, 1),
                      same_config_peak_rss_mb=round(same["peak_rss_mb"]), tokens_per_s=round(tps),
                      mfu=round(tps * flops / peak, 4), matmul_peak_gflops=round(peak / 1e9, 1),
                      fixed_costs=costs, curve=[(round(t, 2), round(v, 4)) for t, v in evals])
        if nano:
            reach = time_to_loss(evals, nano["val_loss"])
            ratio = reach / nano["time_to_final_s"] if reach else None
            result.update(time_to_nanogpt_loss_s=round(reach, 1) if reach else None,
                          time_ratio=round(ratio, 3) if ratio else None,
                          rss_ratio=round(same["peak_rss_mb"] / nano["peak_rss_mb"], 3))
            shown = f"{reach:.1f} s, {ratio:.2f}x nanoGPT's {nano['time_to_final_s']:.1f} s" if reach else "never"
            print(f"  time to nanoGPT's val loss {nano['val_loss']:.4f}: {shown} (goal <= 0.25x); peak RSS "
                  f"{result['rss_ratio']:.2f}x nanoGPT's (goal <= 1)", flush=True)
        if not args.skip_recipe:
            rec = train("gpt-shakespeare-cpu", work)
            print(f"gpt-shakespeare-cpu: val loss {rec['val_loss']:.4f} in {rec['wall_s']:.1f} s wall "
                  f"({rec['steps']} steps), peak RSS {rec['peak_rss_mb']:.0f} MB", flush=True)
            result.update(recipe_val_loss=round(rec["val_loss"], 4), recipe_wall_s=round(rec["wall_s"], 1))
        if not args.skip_lstm:
            lstm = train("char-rnn", work)
            print(f"char-rnn (lstm): val loss {lstm['val_loss']:.4f} in {lstm['wall_s']:.1f} s wall "
                  f"({lstm['steps']} steps)", flush=True)
            result.update(lstm_val_loss=round(lstm["val_loss"], 4), lstm_wall_s=round(lstm["wall_s"], 1))
    print(json.dumps(result))
    record("gpt", result)


if __name__ == "__main__":
    main()
