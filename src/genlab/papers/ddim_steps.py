"""Song et al. (2021), Table 1: one trained diffusion model, sampled with deterministic DDIM
(eta = 0) and DDPM-style (eta = 1) sampling at several step counts, FID at one sample count."""

from __future__ import annotations

from genlab.papers import Result


def run(tiny: bool, folder, console) -> Result:
    import genlab

    settings = dict(dataset="digits", steps=20, set={
        "model.channels": 8, "model.mults": [1, 2], "model.timesteps": 20, "model.sample_steps": 2,
        "model.eval_samples": 100, "model.quick_eval_samples": 0}) if tiny else dict(minutes=8.0)
    run = genlab.train("diffusion", **settings, name="diffusion", runs_dir=folder, quiet=True, console=console)
    return table(run, tiny)


def table(run, tiny: bool) -> Result:
    """Score a trained diffusion run with both samplers at each step count."""
    steps, n = ([2, 5], 16) if tiny else ([5, 10, 25, 50], 2000)
    rows = []
    for s in steps:
        rows.append([s] + [fid(run, s, eta, n) for eta in (0.0, 1.0)])
    ddim, ddpm = [r[1] for r in rows], [r[2] for r in rows]
    if None in ddim + ddpm:
        verdict = "no FID: genlab has no feature extractor for these images (8x8 digits)"
    else:
        gap = ddpm[0] - ddim[0]
        verdict = (f"at {steps[0]} steps DDIM's FID is {ddim[0]:.1f} against {ddpm[0]:.1f} for eta = 1 "
                   f"({'DDIM better, as in the paper' if gap > 0 else 'not better, unlike the paper'}); "
                   f"at {steps[-1]} steps {ddim[-1]:.1f} against {ddpm[-1]:.1f}.")
    return Result(
        columns=["sampling steps S", "FID, DDIM (eta 0)", "FID, eta 1 (DDPM-style)"],
        rows=rows, verdict=verdict,
        differences=[("8x8 digits, a tiny U-Net, 20 noise levels (tiny test run)" if tiny else
                      "Fashion-MNIST 28x28, class-conditional with guidance w = 3 (the recipe's), "
                      "not unconditional CIFAR-10 32x32"),
                     f"a U-Net of {params(run) / 1e6:.2f}M parameters trained "
                     f"{'20 steps' if tiny else '8 CPU minutes'} (the paper's CIFAR-10 model: 35.7M, 800k steps)",
                     f"FID on {n} samples in genlab's Fashion-MNIST classifier's features, not 50k in "
                     "Inception features: compare our numbers with each other, not with the paper's"])


def fid(run, steps: int, eta: float, n: int):
    """FID of ``n`` samples drawn with DDIM at ``steps`` steps and stochasticity ``eta``."""
    from genlab.metrics import sample_quality
    from genlab.training import job

    model = run.model()
    model.config = model.config.model_copy(update={"sampler": "ddim", "sample_steps": steps, "eta": eta})
    cfg = job.prepare(job.validate(run.config))
    [test] = job.load_data(cfg, splits=("test",))
    batches = list(test.to(model.device).eval_batches(1000))
    return sample_quality(model, batches, n, full=True, seed=0).get("fid")


def params(run) -> int:
    return sum(p.numel() for p in run.model().unet.parameters())
