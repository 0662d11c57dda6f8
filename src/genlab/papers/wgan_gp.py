"""Gulrajani et al. (2017): weight clipping against the gradient penalty, same minutes each."""

from __future__ import annotations

import statistics

from genlab.papers import Result

TINY_SET = {"model.latent_dim": 8, "model.channels": 8, "model.critic_iters": 1,
            "model.eval_samples": 100, "model.quick_eval_samples": 0}


def run(tiny: bool, folder, console) -> Result:
    import genlab

    rows = []
    for recipe in ("wgan", "wgan-gp"):
        settings = dict(dataset="digits", steps=20, set=TINY_SET) if tiny else dict(minutes=5.0)
        run = genlab.train(recipe, **settings, name=recipe, runs_dir=folder, quiet=True, console=console)
        w = [r["train/wasserstein"] for r in run.history if "train/wasserstein" in r]
        tail = w[len(w) // 2:]
        rows.append([recipe, run.metrics.get("test/fid"), run.metrics.get("test/recall"),
                     statistics.pstdev(tail) if len(tail) > 1 else None, run.info.get("step")])
    clip, gp = rows
    if clip[1] is None or gp[1] is None:
        verdict = "no FID: genlab has no feature extractor for these images (8x8 digits)"
    else:
        verdict = (f"in the same minutes the gradient penalty reaches FID {gp[1]:.1f} against "
                   f"{clip[1]:.1f} with clipping: "
                   + ("better, as the paper reports." if gp[1] < clip[1] else
                      "not better on this small problem, unlike the paper's CIFAR-10 and LSUN results."))
    return Result(
        columns=["critic constraint", "FID", "recall", "std of the W estimate, 2nd half", "steps"],
        rows=rows, verdict=verdict,
        differences=[("8x8 digits, 20 steps (tiny test run)" if tiny else
                      "Fashion-MNIST 28x28 with genlab's DCGAN-shaped networks, 5 CPU minutes each"),
                     "genlab's `wgan-gp` recipe takes 2 critic steps per generator step (the paper: 5), "
                     "`wgan` takes 5 as in Arjovsky et al.",
                     "FID in genlab's Fashion-MNIST classifier's features on 10,000 samples, not Inception "
                     "score on CIFAR-10"])
