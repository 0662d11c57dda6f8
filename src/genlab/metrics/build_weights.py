"""Rebuild a shipped feature classifier: ``python -m genlab.metrics.build_weights DATASET``.

Trains the recipe ``classifier-fashion`` or ``classifier-mnist`` with genlab's own trainer (seed 0,
CPU) and writes ``genlab/metrics/weights/<dataset>.safetensors`` with the config, image shape,
class names and test accuracy in its metadata, then prints the sha256 to pin in
``genlab.metrics.features.CHECKSUMS``. ``--from-run RUN`` exports an already trained run instead.
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
    parser.add_argument("dataset", choices=sorted(RECIPES))
    parser.add_argument("--from-run", type=Path, help="export this trained run instead of training")
    parser.add_argument("--out", type=Path, help="default: the packaged weights file")
    args = parser.parse_args(argv)
    run_path = args.from_run
    if run_path is None:
        from genlab.config import load_config
        from genlab.training import job

        cfg = load_config(RECIPES[args.dataset], ["train.device=\"cpu\""])
        run = job.new_run(cfg, Path(tempfile.mkdtemp(prefix="genlab-classifier-")))
        job.train(cfg, run, progress=True)
        run_path = run.path
    path = export(run_path, args.dataset, args.out)
    from genlab.metrics.features import _metadata, sha256

    _metadata.cache_clear()
    acc = json.loads((Path(run_path) / "run.json").read_text())["metrics"]["test/accuracy"]
    print(json.dumps({"dataset": args.dataset, "path": str(path), "sha256": sha256(path),
                      "test_accuracy": acc, "goal": GOALS[args.dataset]}))


if __name__ == "__main__":
    main()
