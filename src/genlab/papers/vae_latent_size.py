"""Kingma & Welling (2014), Fig. 2: the VAE's bound against the latent dimensionality."""

from __future__ import annotations

from genlab.papers import Result

SIZES = [3, 5, 10, 20, 200]


def run(tiny: bool, folder, console) -> Result:
    import genlab

    sizes = [2, 8] if tiny else SIZES
    base = dict(dataset="digits", steps=20, set={"model.hidden_dim": 16, "model.eval_iw_samples": 2}) \
        if tiny else dict(epochs=10, set={"model.eval_iw_samples": 16})
    rows = []
    for n in sizes:
        run = genlab.train("vae", **{**base, "set": {**base["set"], "model.latent_dim": n}},
                           name=f"latent-{n}", runs_dir=folder, quiet=True, console=console)
        m = run.metrics
        rows.append([n, m["test/nelbo"], m.get("test/iw_nll"), m["test/kl"]])
    bounds = [r[1] for r in rows]
    best = sizes[bounds.index(min(bounds))]
    grows = all(b2 <= b1 + 0.5 for b1, b2 in zip(bounds, bounds[1:]))
    verdict = (f"the test bound {'improves (or holds within 0.5 nats)' if grows else 'does not improve'} "
               f"at every step up in size; the best is N_z = {best}. "
               + ("The largest latent space does not overfit: its bound is within 0.5 nats of the best."
                  if bounds[-1] <= min(bounds) + 0.5 else "The largest latent space is worse than the best."))
    return Result(
        columns=["latent dims N_z", "test -ELBO (nats)", "test IW NLL, k=16", "test KL (nats)"],
        rows=rows, verdict=verdict,
        differences=["Fashion-MNIST (60k train, 10k test), not MNIST; grey levels as Bernoulli "
                     "probabilities, as in the paper's MNIST experiments" if not tiny else
                     "scikit-learn's 8x8 digits, 20 steps (tiny test run)",
                     "one hidden layer of 400 units (the paper: 500), Adam 1e-3 (the paper: Adagrad), "
                     "10 epochs (the paper: up to 10^8 training examples seen)",
                     "the paper plots the training and test bound per example seen; we report the final test bound"])
