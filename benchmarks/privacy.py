"""Privacy against utility: DP-SGD (Opacus) at epsilon about 1, 3 and 8, and without privacy.

For the Fashion-MNIST classifier (recipe ``classifier-fashion-dp``) the utility is test
accuracy; for the MLP VAE (``vae-dp``) the test negative ELBO and FID (2,000 samples, genlab's
classifier features), and for both the membership-inference AUC of ``genlab audit`` (the VAE's
per-image loss; for the classifier its cross-entropy is not an audit yet, so only the VAE's).
Every run trains its recipe's epochs; the non-private row is the same recipe with the
``train.dp_*`` keys removed. Anchors (not comparable in model or data): Opacus' MNIST example
reports 94.63% at epsilon 1.19, 96.78% at 3.01, 97.09% at 7.10 and 98.94% without privacy
(delta 1e-5); Papernot et al. (2021) report 86.1% on Fashion-MNIST at epsilon 2.93.

Run: ``python benchmarks/privacy.py [--models classifier,vae] [--epsilons 1,3,8,none]``; needs
Fashion-MNIST (``sudo apt-get install dataset-fashion-mnist``). One JSON line per run, appended
to ``src/genlab/figures/privacy.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from child import REPO, train_recipe
from record import record

RECIPES = {"classifier": "classifier-fashion-dp", "vae": "vae-dp"}


def recipe_file(recipe: str, epsilon: float | None, folder: Path) -> Path:
    """The recipe at this epsilon (or without DP), as a TOML file."""
    import tomli_w

    from genlab.config import RECIPES_DIR, read_toml

    table = read_toml(RECIPES_DIR / f"{recipe}.toml")
    if epsilon is None:
        table["train"] = {k: v for k, v in table["train"].items() if not k.startswith("dp_")}
    else:
        table["train"]["dp_epsilon"] = epsilon
    path = folder / f"{recipe}-eps-{epsilon}.toml"
    path.write_text(tomli_w.dumps(table))
    return path


def vae_extras(run: Path) -> dict:
    """FID of 2,000 samples and the membership-inference AUC of a trained VAE run."""
    import genlab
    from genlab.metrics import sample_quality
    from genlab.training.job import load_data

    loaded = genlab.load(run)
    model = loaded.model("cpu")
    [test] = load_data(loaded.config_object(), splits=("test",))
    quality = sample_quality(model, list(test.eval_batches(1000)), 2000)
    [audit] = loaded.audit(only=["membership"], members=1000)
    return {"fid": quality["fid"], "membership_auc": audit.result["auc"]}


def measure(model: str, epsilon: float | None, folder: Path, epochs: float | None = None) -> dict:
    runs = folder / f"runs-{model}-{epsilon}"
    overrides = [f"train.epochs={epochs}"] if epochs else []
    child = train_recipe(str(recipe_file(RECIPES[model], epsilon, folder)), runs, overrides=overrides)
    [run] = list(runs.iterdir())
    out = {"model": model, "recipe": RECIPES[model], "target_epsilon": epsilon,
           "epsilon": (child.info.get("privacy") or {}).get("epsilon"),
           "noise_multiplier": (child.info.get("privacy") or {}).get("noise_multiplier"),
           "steps": child.info["step"], "wall_s": round(child.wall_s, 1),
           "train_s": round(child.info["train_seconds"], 1), "peak_rss_mb": round(child.peak_rss_mb)}
    metrics = child.metrics
    if model == "classifier":
        out["accuracy"] = metrics["test/accuracy"]
    else:
        out["nelbo"] = metrics["test/nelbo"]
        out.update(vae_extras(run))
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", default="classifier,vae")
    p.add_argument("--epsilons", default="1,3,8,none")
    p.add_argument("--epochs", type=float, help="override the recipes' epochs (a quick check)")
    args = p.parse_args(argv)
    epsilons = [None if e == "none" else float(e) for e in args.epsilons.split(",")]
    sys.path.insert(0, str(REPO / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        for model in args.models.split(","):
            for eps in epsilons:
                result = measure(model, eps, Path(tmp), args.epochs)
                record("privacy", result, append=True)
                print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
