"""Guidance sweep: one trained run (cvae or diffusion, trained with label dropout) sampled at
several guidance scales w, each scored with genlab's sample-quality metrics against the test set.

Guidance trades variety for class fidelity: w = 1 is the plain conditional model, larger w
exaggerates what makes a sample its class. The sweep shows where the trade sits for one checkpoint,
without retraining.

Usage: ``python benchmarks/guidance.py RUN [--scales 1 1.5 2 3] [--samples 5000]``.
One JSON line per scale on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="run folder")
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 1.5, 2.0, 3.0])
    parser.add_argument("--samples", type=int, default=5000)
    args = parser.parse_args(argv)

    import torch

    from genlab.errors import GenlabError
    from genlab.metrics import sample_quality
    from genlab.run_folder.run_dir import RunDir
    from genlab.training.job import load_data, load_trained

    try:
        model, cfg = load_trained(RunDir.open(args.run, None), "cpu")
        for w in args.scales:
            model.check_guidance(w)
        cfg.data.download = False
        [test] = load_data(cfg, splits=("test",))
    except GenlabError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    batches = [(test.float_images(), test.labels)]   # sample_quality joins its batches anyway
    for w in args.scales:
        model.config.guidance = w
        start = time.perf_counter()
        with torch.no_grad():
            metrics = sample_quality(model, batches, args.samples, full=True, seed=0)
        print(json.dumps({"model": cfg.model["name"], "guidance": w, "eval_s": round(time.perf_counter() - start, 1),
                          **metrics}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
