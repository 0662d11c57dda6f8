"""The feature extractor of the sample-quality metrics: genlab's own per-dataset classifier.

Weights ship in ``genlab/metrics/weights/<dataset>.safetensors``; each file's metadata holds the
classifier's config, the image shape and the class names, so a run is matched to a classifier by
what its data *is* (shape and classes), not by a name it may not carry. ``CHECKSUMS`` pins each
file's sha256 (tested), and ``python -m genlab.metrics.build_weights DATASET`` reproduces it.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import torch

from genlab.errors import DataError

WEIGHTS_DIR = Path(__file__).parent / "weights"
DATASETS = ("fashion-mnist", "mnist")
CHECKSUMS: dict[str, str] = {}  # filled in below, one line per shipped file


def weights_path(dataset: str) -> Path:
    return WEIGHTS_DIR / f"{dataset}.safetensors"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=None)
def _metadata(dataset: str) -> dict | None:
    from safetensors import safe_open

    path = weights_path(dataset)
    if not path.is_file():
        return None
    with safe_open(str(path), framework="pt") as f:
        meta = f.metadata()
    return {"config": json.loads(meta["config"]), "shape": tuple(json.loads(meta["shape"])),
            "classes": tuple(json.loads(meta["classes"])), "accuracy": float(meta.get("accuracy", "nan"))}


def dataset_for(shape, classes) -> str | None:
    """The shipped classifier whose data has this image shape and these class names, if any."""
    for name in DATASETS:
        meta = _metadata(name)
        if meta and meta["shape"] == tuple(shape) and meta["classes"] == tuple(classes):
            return name
    return None


@lru_cache(maxsize=None)
def _load(dataset: str, device: str):
    from safetensors.torch import load_file

    from genlab.models.base import DataInfo
    from genlab.models.classifier import Classifier

    meta = _metadata(dataset)
    if meta is None:
        raise DataError(f"no feature classifier is shipped for {dataset!r} (expected {weights_path(dataset)}); "
                        f"build it with: python -m genlab.metrics.build_weights {dataset}")
    expected = CHECKSUMS.get(dataset)
    if expected and sha256(weights_path(dataset)) != expected:
        raise DataError(f"{weights_path(dataset)} does not match its sha256; reinstall genlab or "
                        f"rebuild it with: python -m genlab.metrics.build_weights {dataset}")
    info = DataInfo(meta["shape"], len(meta["classes"]), meta["classes"])
    model = Classifier(Classifier.Config.model_validate(meta["config"]), info)
    model.load_state_dict(load_file(str(weights_path(dataset))))
    return model.to(device).eval()


def load_classifier(dataset: str, device="cpu"):
    """The trained classifier for ``dataset`` (eval mode, cached)."""
    return _load(dataset, str(torch.device(device)))


@torch.no_grad()
def classify(classifier, images: torch.Tensor, batch_size: int = 256) -> tuple[torch.Tensor, torch.Tensor]:
    """(features, predicted labels) of images in [0, 1], computed in float32 without autocast.
    Batches of 256 keep the activations in cache (faster on a 2-core CPU than batches of 1000)."""
    feats, preds = [], []
    dev = next(classifier.parameters()).device
    with torch.autocast(dev.type, enabled=False):
        for i in range(0, len(images), batch_size):
            x = images[i:i + batch_size].to(dev).float()
            f = classifier.features(x)
            feats.append(f)
            preds.append(classifier.head(f).argmax(1))
    return torch.cat(feats), torch.cat(preds)


CHECKSUMS.update({
    "fashion-mnist": "0f25c3658d9fcb9fd519da0514595ad5273f2a8437a28c38e73d6fb84b178562",  # 92.5% test acc.
    "mnist": "30b31a51ad08cb5a481ed01edca66ba4d9e1568b21731a3aded1687bd746daaf",  # 99.45% on the 2k split
})
