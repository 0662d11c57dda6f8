"""Text generation with and without GPT's KV cache, in one process: tokens/s for 500 new tokens
at block 256 (the `gpt` recipe's model at a 256-token window, 1-token prompt), and whether the two
write the same text while the window is not full.

Without the cache every token reruns the whole window (up to 256 positions); with it a token costs
one position plus attention over the cache, and a full window restarts from its newer half (one
forward pass over 128 tokens every 128 tokens). Speed does not depend on training, so the weights
are the initial ones (seeded); ``--run RUN`` times a trained GPT run instead.

Usage: ``python benchmarks/kv_cache.py [--tokens 500] [--block 256] [--repeats 3] [--run RUN]``.
Writes one JSON line to stdout and to ``src/genlab/figures/kv_cache.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from record import record


def build(block: int, run: str | None):
    import torch

    import genlab
    from genlab.data.info import DataInfo
    from genlab.models.gpt import GPT, GPTConfig

    if run:
        return genlab.load(run).model("cpu").eval()
    torch.manual_seed(0)
    chars = "".join(chr(c) for c in range(32, 97))
    info = DataInfo((block,), len(chars), (), {"tokenizer": {"kind": "char", "chars": chars}, "chars_per_token": 1.0})
    return GPT(GPTConfig(block_size=block, n_layer=4, n_head=4, n_embd=128), info).eval()


def generate(model, tokens: int, cache: bool, seed: int = 0) -> tuple[str, float]:
    """The text of ``tokens`` new tokens after a one-character prompt, and the seconds it took."""
    import torch

    model.config.kv_cache = cache
    start = time.perf_counter()
    with torch.no_grad():
        text = "".join(model.generate_text(" ", tokens, temperature=1.0, generator=torch.Generator().manual_seed(seed)))
    return text, time.perf_counter() - start


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tokens", type=int, default=500)
    p.add_argument("--block", type=int, default=256)
    p.add_argument("--repeats", type=int, default=3, help="timed runs of each (the best counts)")
    p.add_argument("--run", help="a trained gpt run to time instead of initial weights")
    args = p.parse_args(argv)
    import torch

    torch.set_num_threads(2)
    model = build(args.block, args.run)
    generate(model, 20, True), generate(model, 20, False)   # warm-up
    best = {}
    for cache in (False, True):
        times = []
        for _ in range(args.repeats):
            text, seconds = generate(model, args.tokens, cache)
            times.append(seconds)
        best[cache] = (text, min(times))
    window = model.config.block_size - 1   # new tokens that fit the window after the prompt
    same_in_window = best[True][0][:window] == best[False][0][:window]
    row = {"tokens": args.tokens, "block": model.config.block_size, "n_layer": model.config.n_layer,
           "n_embd": model.config.n_embd, "weights": args.run or "initial (seed 0)",
           "no_cache_tokens_per_s": round(args.tokens / best[False][1], 1),
           "cache_tokens_per_s": round(args.tokens / best[True][1], 1),
           "speedup": round(best[False][1] / best[True][1], 2),
           "same_text_within_window": same_in_window,
           "same_text_all_tokens": best[True][0] == best[False][0]}
    print(json.dumps(row), flush=True)
    record("kv_cache", row)


if __name__ == "__main__":
    sys.exit(main())
