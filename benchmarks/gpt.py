"""GPT benchmark: genlab's `gpt` recipe against nanoGPT's CPU configuration on Tiny Shakespeare.

Anchor, measured on this 2-core machine: nanoGPT's published CPU settings (4 layers, 4 heads,
128 dims, block 64, batch 12, 2000 iterations, lr 1e-3, dropout 0, eval_iters 20) reach
validation loss 1.886 in 100.7 s wall with 370 MB peak RSS. Goals: the same model size in
genlab reaches val loss <= 1.89 in <= 50 s wall including start-up with <= 400 MB peak RSS;
the `gpt-shakespeare-cpu` recipe reaches <= 1.70 within 100 s; and, for the lab's comparison
table, the char-LSTM's validation loss after the same 100 s.

Every run is the real command (`genlab train ...`) in its own process, timed from start to
exit; peak RSS is that process's own (wait4). Validation loss is the mean next-character loss
over the whole held-out 10% of the text. Tokens per second count training tokens over the
training loop's wall time (periodic evaluations included, so it is a lower bound), and MFU
divides the model FLOPs per second (6 per parameter per token plus attention) by the peak of
a large fp32 matmul measured in this same run on the same threads.

Run: ``python benchmarks/gpt.py`` (Tiny Shakespeare from $GENLAB_TINYSHAKESPEARE, default
../shared/data/tinyshakespeare/input.txt). The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
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
    parser.add_argument("--skip-recipe", action="store_true")
    parser.add_argument("--skip-lstm", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("GENLAB_TINYSHAKESPEARE", str(DEFAULT_TEXT))
    if not Path(os.environ["GENLAB_TINYSHAKESPEARE"]).is_file():
        sys.exit(f"Tiny Shakespeare not found at {os.environ['GENLAB_TINYSHAKESPEARE']}")
    import torch

    peak = matmul_peak()
    print(f"matmul peak: {peak / 1e9:.1f} GFLOP/s fp32 on {torch.get_num_threads()} threads", flush=True)
    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        runs = Path(tmp)
        same = train("gpt", runs)
        flops, tokens_per_step = model_flops_per_token(same)
        tps = same["steps"] * tokens_per_step / same["train_s"]
        print(f"gpt (nanoGPT's CPU size): val loss {same['val_loss']:.4f} in {same['wall_s']:.1f} s wall "
              f"({same['steps']} steps, {same['train_s']:.1f} s training), peak RSS "
              f"{same['peak_rss_mb']:.0f} MB, {tps:,.0f} tokens/s, MFU {tps * flops / peak:.1%}", flush=True)
        result.update(same_config_val_loss=round(same["val_loss"], 4), same_config_wall_s=round(same["wall_s"], 1),
                      same_config_peak_rss_mb=round(same["peak_rss_mb"]), tokens_per_s=round(tps),
                      mfu=round(tps * flops / peak, 4), matmul_peak_gflops=round(peak / 1e9, 1))
        if not args.skip_recipe:
            rec = train("gpt-shakespeare-cpu", runs)
            print(f"gpt-shakespeare-cpu: val loss {rec['val_loss']:.4f} in {rec['wall_s']:.1f} s wall "
                  f"({rec['steps']} steps), peak RSS {rec['peak_rss_mb']:.0f} MB", flush=True)
            result.update(recipe_val_loss=round(rec["val_loss"], 4), recipe_wall_s=round(rec["wall_s"], 1))
        if not args.skip_lstm:
            lstm = train("char-rnn", runs)
            print(f"char-rnn (lstm): val loss {lstm['val_loss']:.4f} in {lstm['wall_s']:.1f} s wall "
                  f"({lstm['steps']} steps)", flush=True)
            result.update(lstm_val_loss=round(lstm["val_loss"], 4), lstm_wall_s=round(lstm["wall_s"], 1))
    result.update(nanogpt_val_loss=1.886, nanogpt_wall_s=100.7, nanogpt_peak_rss_mb=370)
    print(json.dumps(result))
    record("gpt", result)


if __name__ == "__main__":
    main()
