"""Diffusion against Hugging Face diffusers, one after the other in one run, the same minutes.

genlab: ``genlab train diffusion`` made unconditional (``model.class_conditional=false``, as
diffusers' unconditional example is) for MINUTES of training. diffusers:
``benchmarks/baseline_diffusers.py`` (UNet2DModel + DDPMScheduler trained as its unconditional
training example does, U-Net sized within 10% of genlab's parameters) for the same minutes.
Both train on the same in-memory Fashion-MNIST tensors (genlab's data layer), both are sampled
with 25 DDIM steps (eta 0) in batches of 500, timed, and both sets of SAMPLES images are scored
with genlab's FID (the same classifier features, the same 10,000 test images).

Goals (issue 19): genlab's FID <= 0.7x diffusers' after 10 minutes; sampling images/s >= 1.5x.

    python benchmarks/diffusion_vs_diffusers.py [--minutes 10] [--samples 2000]

Needs ``pip install diffusers`` (``genlab[bench]``) and Fashion-MNIST
(``apt-get install dataset-fashion-mnist``). The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from images import FASHION, train_recipe  # benchmarks/images.py
from record import record  # benchmarks/record.py: writes src/genlab/figures/

REPO = Path(__file__).resolve().parents[1]


def genlab_side(minutes: float, samples: int, work: Path) -> dict:
    import torch

    from genlab.run_folder.run_dir import RunDir
    from genlab.training.job import load_trained

    res = train_recipe("diffusion", minutes, work, ("--set", "model.class_conditional=false",
                                                    "--set", "model.eval_samples=100"))
    if "error" in res:
        sys.exit(f"genlab train diffusion failed: {res['error']}")
    model, _ = load_trained(RunDir(Path(res["run"])), "cpu")
    model.eval()
    params = sum(p.numel() for n, p in model.named_parameters() if p.requires_grad and "ema" not in n)
    gen = torch.Generator().manual_seed(0)
    start = time.perf_counter()
    with torch.no_grad():
        fake = model.sample(samples, gen, steps=25, sampler="ddim", batch_size=500)
    sample_s = time.perf_counter() - start
    batch = 64
    return {"fake": fake, "steps": res["steps"], "train_s": res["train_s"],
            "images_per_s": round(res["log_step"] * batch / res["log_time"], 1) if res.get("log_time") else None,
            "sample_images_per_s": round(samples / sample_s, 2), "parameters": params}


def diffusers_side(minutes: float, samples: int, work: Path) -> dict:
    import numpy as np
    import torch

    out = work / "diffusers-samples.npy"
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "baseline_diffusers.py"), "--minutes",
                           str(minutes), "--samples", str(samples), "--out", str(out)],
                          capture_output=True, text=True, cwd=REPO)
    if proc.returncode:
        sys.exit(f"the diffusers baseline failed: {proc.stderr.strip()[-800:]}")
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    return {**stats, "fake": torch.from_numpy(np.load(out))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--samples", type=int, default=2000)
    args = parser.parse_args()
    try:
        import diffusers  # noqa: F401
    except ImportError:
        sys.exit("this benchmark needs diffusers: pip install diffusers (or genlab[bench])")
    if not (FASHION / "train-images-idx3-ubyte.gz").is_file():
        sys.exit("Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist")
    from genlab.data.images import load_images
    from genlab.metrics import compare
    from genlab.metrics.features import load_classifier

    test = load_images("fashion-mnist", "test", download=False).float_images()
    classifier = load_classifier("fashion-mnist")
    result: dict = {"minutes": args.minutes, "samples": args.samples, "ddim_steps": 25}
    with tempfile.TemporaryDirectory() as tmp:
        for name, side in (("genlab", genlab_side), ("diffusers", diffusers_side)):
            r = side(args.minutes, args.samples, Path(tmp))
            m = compare(classifier, test, r.pop("fake"), full=True)
            r.update(fid=round(m["fid"], 2), kid=round(m["kid"], 4),
                     coverage_min_share=round(m["coverage_min_share"], 3))
            result[name] = r
            print(f"{name:9s} FID {r['fid']:.1f} after {r['steps']} steps ({r['train_s']} s), "
                  f"{r['parameters']:,} parameters, sampling {r['sample_images_per_s']} images/s", flush=True)
    g, d = result["genlab"], result["diffusers"]
    result.update(param_ratio=round(d["parameters"] / g["parameters"], 3),
                  fid_ratio=round(g["fid"] / d["fid"], 3),
                  sampling_speedup=round(g["sample_images_per_s"] / d["sample_images_per_s"], 2))
    print(f"FID genlab/diffusers {result['fid_ratio']}x (goal <= 0.7), sampling {result['sampling_speedup']}x "
          f"(goal >= 1.5), diffusers' parameters {result['param_ratio']}x genlab's (within 10%)")
    print(json.dumps(result))
    record("diffusers", result)


if __name__ == "__main__":
    main()
