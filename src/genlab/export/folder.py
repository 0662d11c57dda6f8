"""``genlab export RUN --format safetensors-folder``: a self-describing model folder that
``genlab.load(DIR)`` opens offline, without the run folder, the dataset or a network.

The layout is the one Hugging Face model repositories use, so the folder can be pushed as is
(``huggingface_hub.upload_folder(repo_id=..., folder_path=DIR)``; see the docs):

    config.json         what to build: model name and settings, data shape, classes, tokenizer
    model.safetensors   the weights (safetensors: loading runs no code)
    README.md           the model card (``genlab card``)
    provenance.json     which run, step and checkpoint it came from, when, by which genlab
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from genlab.errors import RunError

FORMAT = "genlab-model/1"
CONFIG, WEIGHTS, CARD, PROVENANCE = "config.json", "model.safetensors", "README.md", "provenance.json"


def export_folder(run_dir, model, out: Path) -> dict:
    """Write ``model`` (the run's newest checkpoint) as a model folder at ``out``."""
    from safetensors.torch import save_model

    from genlab import __version__
    from genlab.fileio import write_atomic
    from genlab.responsible.card import model_card
    from genlab.training import checkpoint as ckpt

    out.mkdir(parents=True, exist_ok=True)
    info = run_dir.read_info()
    config = {"format": FORMAT, "model": info.get("model"), "config": run_dir.read_config(),
              "data": info["data"], "dataset": info.get("dataset"), "step": info.get("step"),
              "key_metric": info.get("key_metric"), "metrics": run_dir.final_metrics()}
    tmp = out / (WEIGHTS + ".tmp")
    save_model(model.cpu(), str(tmp), metadata={"format": "pt", "genlab_format": FORMAT})
    tmp.replace(out / WEIGHTS)
    source = ckpt.latest_checkpoint(run_dir.checkpoints)
    provenance = {"run": run_dir.name, "run_path": str(Path(run_dir.path).resolve()),
                  "checkpoint": str(source) if source else None, "step": info.get("step"),
                  "exported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "genlab": __version__}
    write_atomic(out / CONFIG, json.dumps(config, indent=1) + "\n")
    write_atomic(out / PROVENANCE, json.dumps(provenance, indent=1) + "\n")
    write_atomic(out / CARD, model_card(run_dir))
    return {"folder": str(out), "files": [CONFIG, WEIGHTS, CARD, PROVENANCE]}


def is_model_folder(path: Path) -> bool:
    return (path / CONFIG).is_file() and (path / WEIGHTS).is_file() and not (path / "run.json").exists()


def read_config(path: Path) -> dict[str, Any]:
    try:
        config = json.loads((path / CONFIG).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RunError(f"{path / CONFIG} is not a readable genlab model config: {exc}") from None
    if not isinstance(config, dict) or config.get("format") != FORMAT:
        raise RunError(f"{path / CONFIG} is not a genlab model folder (format {FORMAT!r} expected)")
    return config


def load_model(path: Path, device: str = "auto"):
    """The model of a model folder, weights loaded, in eval mode."""
    from genlab.config import validate
    from genlab.data.info import DataInfo
    from genlab.models import model_class
    from genlab.training.checkpoint import load_weights
    from genlab.training.device import pick_device

    config = read_config(path)
    cfg = validate(config["config"])
    model = model_class(cfg.model["name"]).from_config(cfg.model, DataInfo.from_dict(config["data"]))
    dev = pick_device(device)
    try:
        load_weights(model, path / WEIGHTS, dev)
    except Exception as exc:   # a damaged or foreign weights file: one line, nothing unpickled
        raise RunError(f"cannot load {path / WEIGHTS}: {str(exc).splitlines()[0]}") from None
    return model.to(dev).eval()
