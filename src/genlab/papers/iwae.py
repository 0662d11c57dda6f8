"""Burda, Grosse & Salakhutdinov (2016): the importance-weighted bound, trained with k samples."""

from __future__ import annotations

from pathlib import Path

from genlab.papers import Result

PAPER_NLL = {1: 86.76, 5: 85.54, 50: 84.78}  # Table 1, IWAE, one stochastic layer, MNIST
SHARED_MNIST = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "mnist-test"


def run(tiny: bool, folder, console) -> Result:
    import genlab

    ks = [1, 5] if tiny else [1, 5, 50]
    eval_k = 10 if tiny else 5000
    for k in ks:
        if tiny:
            settings = dict(dataset="digits", steps=10, set={"model.hidden_dim": 16, "model.latent_dim": 4})
        else:
            settings = dict(dataset="mnist", epochs=30, minutes=4.0,
                            data_dir=SHARED_MNIST if SHARED_MNIST.is_dir() else None,
                            set={"data.split_test_at": 8000, "model.hidden_dim": 200, "model.latent_dim": 50})
        settings["set"] = {**settings["set"], "model.binarize": True, "model.train_iw_samples": k,
                           "model.eval_iw_samples": 0}
        genlab.train("vae", **settings, name=f"k-{k}", runs_dir=folder, quiet=True, console=console)
    rows = []
    for k, run in zip(ks, sorted(genlab.runs(folder), key=lambda r: r.config["model"]["train_iw_samples"])):
        m = run.evaluate(iw_samples=eval_k)
        rows.append([k, m["test/nelbo"], m["test/iw_nll"], PAPER_NLL.get(k)])
    nll = [r[2] for r in rows]
    falls = all(b < a for a, b in zip(nll, nll[1:]))
    verdict = (f"the test NLL ({eval_k}-sample estimate) {'falls' if falls else 'does not fall'} at every "
               f"larger k: {', '.join(f'k={k}: {v:.2f}' for k, v in zip(ks, nll))} nats"
               + (", as in the paper" if falls else ", unlike the paper") + ".")
    return Result(
        columns=["train k", "test -ELBO (nats)", f"test NLL, k={eval_k}", "paper's NLL (IWAE)"],
        rows=rows, verdict=verdict,
        differences=[("8x8 digits, 10 steps (tiny test run)" if tiny else
                      "MNIST: trained on the first 8,000 images of the MNIST test set, tested on the other "
                      "2,000 (the paper: the 60k training set, tested on the 10k test set)"),
                     "dynamic binarization as in the paper: training pixels are drawn as Bernoulli(grey "
                     "level) at every step; the test images are binarized once with a fixed seed",
                     "one hidden layer of 200 ReLU units and 50 latent dimensions (the paper: two "
                     "tanh layers of 200, then 50), Adam 1e-3 for 30 epochs or 4 minutes (the paper: 3,280 "
                     "passes with a decaying learning rate)",
                     "the ELBO column is the plain one-sample bound of the same model"])
