"""Build a feature classifier: ``python -m genlab.metrics.build_weights DATASET [--set ...]``.

For the shipped ones (fashion-mnist, mnist) it trains the recipe ``classifier-fashion`` or
``classifier-mnist`` with genlab's own trainer (seed 0, CPU) and writes
``genlab/metrics/weights/<dataset>.safetensors`` with the config, image shape, class names and test
accuracy in its metadata, then prints the sha256 to pin in ``genlab.metrics.features.CHECKSUMS``.
For any other labelled image dataset (``cifar10``, ``folder:PATH``) it trains ``classifier-fashion``
on it (``--set data.image_size=32`` etc. to match the generators' data) and writes the weights to
the user cache, where every run on data of that shape and classes then finds them.
``--from-run RUN`` exports an already trained run instead.
Training on another machine or torch version gives slightly different bytes (and a new
checksum); the accuracy goals are >= 91% on Fashion-MNIST and >= 99% on the MNIST split.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

RECIPES = {"fashion-mnist": "classifier-fashion", "mnist": "classifier-mnist"}
GOALS = {"fashion-mnist": 0.91, "mnist": 0.99}


def export(run_path: Path, dataset: str, out: Path | None = None) -> Path:
    from safetensors.torch import save_file

    from genlab.run_folder.run_dir import RunDir
    from genlab.training.job import load_trained

    from genlab.metrics.features import weights_path

    run = RunDir.open(str(run_path))
    model, cfg = load_trained(run, "cpu")
    info = run.read_info()
    accuracy = info.get("metrics", {}).get("test/accuracy", float("nan"))
    meta = {"config": json.dumps(model.config.model_dump(mode="json")),
            "shape": json.dumps(list(model.data_info.shape)),
            "classes": json.dumps(list(model.data_info.classes)),
            "dataset": dataset, "accuracy": f"{accuracy:.4f}", "recipe": cfg.recipe}
    tensors = {k: v.detach().contiguous().cpu() for k, v in model.state_dict().items()}
    out = out or weights_path(dataset)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(out), metadata=meta)
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", help="fashion-mnist, mnist, cifar10 or folder:PATH")
    parser.add_argument("--from-run", type=Path, help="export this trained run instead of training")
    parser.add_argument("--out", type=Path, help="default: the packaged weights file, or the user cache")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a recipe override, e.g. data.image_size=32 or train.minutes=5")
    args = parser.parse_args(argv)
    from genlab.errors import GenlabError

    try:
        print(json.dumps(build(args.dataset, args.from_run, args.out, args.set)))
    except GenlabError as exc:
        parser.exit(exc.exit_code, f"error: {exc}\n")


def build(dataset: str, from_run: Path | None = None, out: Path | None = None,
          overrides: list[str] = ()) -> dict:
    """Train (or take ``from_run``) and export the classifier of ``dataset``; what was written."""
    from genlab.config import load_config
    from genlab.metrics.features import _metadata_at, sha256

    recipe = RECIPES.get(dataset, "classifier-fashion")
    cfg = load_config(recipe, [f"data.dataset={json.dumps(dataset)}", 'train.device="cpu"', *overrides])
    dataset = cfg.data.dataset  # a folder path in its absolute form
    run_path = from_run
    if run_path is None:
        from genlab.training import job

        cfg = job.prepare(cfg)
        data = job.load_data(cfg)
        if data[0].num_classes < 2:
            from genlab.errors import DataError

            raise DataError(f"{dataset} has one class only (a flat folder): a classifier needs labels; "
                            "the metrics use the generic extractor for it")
        run = job.new_run(cfg, Path(tempfile.mkdtemp(prefix="genlab-classifier-")))
        job.train(cfg, run, progress=True, data=data)
        run_path = run.path
    path = export(run_path, dataset, out)
    _metadata_at.cache_clear()  # the new file's metadata, not a cached older one
    acc = json.loads((Path(run_path) / "run.json").read_text())["metrics"]["test/accuracy"]
    return {"dataset": dataset, "path": str(path), "sha256": sha256(path),
            "test_accuracy": acc, "goal": GOALS.get(dataset)}


if __name__ == "__main__":
    main()
