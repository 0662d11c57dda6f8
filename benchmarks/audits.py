"""``genlab audit`` on a run of every shipped image recipe, and the data-copying test's calibration.

Calibration first, in the same features the audits use (genlab's Fashion-MNIST classifier): a
"model" that returns training images must give C_T strongly negative, one that returns training
images under heavy noise strongly positive, and held-out real images near 0. Then each image
recipe is trained for ``--minutes`` (default 2) on Fashion-MNIST and audited with the defaults
(2,000 samples, 1,000 members, 10 cells); each audit's headline numbers are recorded.

Run: ``python benchmarks/audits.py [--recipes vae,dcgan,...] [--minutes 2]``; needs
Fashion-MNIST (``sudo apt-get install dataset-fashion-mnist``). One JSON line per recipe in
``src/genlab/figures/audits.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from child import REPO, train_recipe
from record import record

RECIPES = ["vae", "autoencoder", "dcgan", "wgan-gp", "cgan", "cvae", "diffusion"]


def calibration() -> dict:
    import numpy as np
    import torch

    from genlab.data.images import load_images
    from genlab.metrics.features import classify, load_classifier
    from genlab.responsible.memorization import data_copying_test

    train, test = load_images("fashion-mnist", "train"), load_images("fashion-mnist", "test")
    clf = load_classifier("fashion-mnist")
    embed = lambda x: classify(clf, x)[0].double().numpy()  # noqa: E731
    f_train, f_test = embed(train.float_images()), embed(test.float_images())
    rng = np.random.default_rng(0)
    pick = torch.from_numpy(rng.choice(len(train), 2000, replace=False))
    copies = train.float_images(pick)
    noisy = (copies + 0.5 * torch.randn(copies.shape, generator=torch.Generator().manual_seed(0))).clamp(0, 1)
    half = len(test) // 2
    return {"copier": data_copying_test(f_train, f_test[:half], f_train[pick.numpy()])["C_T"],
            "noisy": data_copying_test(f_train, f_test[:half], embed(noisy))["C_T"],
            "held_out_real": data_copying_test(f_train, f_test[:half], f_test[half:half + 2000])["C_T"]}


def audit_recipe(recipe: str, minutes: float, folder: Path) -> dict:
    import genlab

    runs = folder / recipe
    child = train_recipe(recipe, runs, minutes=minutes)
    run = genlab.load(child.run)
    audits = {a.name: a for a in run.audit()}
    out = {"model": recipe, "minutes": minutes, "steps": child.info["step"], "audit_summaries":
           {k: (a.summary if not a.skipped else f"not run: {a.skipped}") for k, a in audits.items()}}
    b = audits["balance"].result
    out.update({"balance_p": b["p_value"], "balance_chi2": b["chi2"], "most_over": b["most_over"],
                "most_over_ratio": b["most_over_ratio"], "most_under": b["most_under"],
                "most_under_ratio": b["most_under_ratio"], "C_T": audits["memorization"].result["C_T"]})
    if not audits["membership"].skipped:
        out["membership_auc"] = audits["membership"].result["auc"]
    interp = audits["interpretability"].result
    if "active_dims" in interp:
        out["active_dims"], out["latent_dims"] = interp["active_dims"], interp["latent_dims"]
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--recipes", default=",".join(RECIPES))
    p.add_argument("--minutes", type=float, default=2.0)
    p.add_argument("--no-calibration", action="store_true")
    args = p.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    if not args.no_calibration:
        result = {"model": "calibration", **calibration()}
        record("audits", result, append=True)
        print(json.dumps(result), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for recipe in args.recipes.split(","):
            result = audit_recipe(recipe, args.minutes, Path(tmp))
            record("audits", result, append=True)
            print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
