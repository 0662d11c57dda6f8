"""The feature extractor of the sample-quality metrics: genlab's own per-dataset classifier.

Weights ship in ``genlab/metrics/weights/<dataset>.safetensors``; each file's metadata holds the
classifier's config, the image shape and the class names, so a run is matched to a classifier by
what its data *is* (shape and classes), not by a name it may not carry. ``CHECKSUMS`` pins each
file's sha256 (tested), and ``python -m genlab.metrics.build_weights DATASET`` reproduces it.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

import torch

from genlab.errors import DataError

WEIGHTS_DIR = Path(__file__).parent / "weights"
DATASETS = ("fashion-mnist", "mnist")
CHECKSUMS: dict[str, str] = {}  # filled in below, one line per shipped file
#: the smallest image side the generic extractor is used for (8x8 digits get no sample metrics)
GENERIC_MIN_SIDE = 16


def user_weights_dir() -> Path:
    """Where ``build_weights`` puts classifiers for datasets genlab does not ship one for."""
    from genlab.data.sources import cache_root

    return cache_root() / "weights"


def weights_path(dataset: str) -> Path:
    shipped = WEIGHTS_DIR / f"{dataset}.safetensors"
    return shipped if dataset in DATASETS else user_weights_dir() / f"{slug(dataset)}.safetensors"


def slug(dataset: str) -> str:
    """A file name for a dataset name (``folder:/home/me/cats`` -> ``folder-home-me-cats``)."""
    return re.sub(r"[^A-Za-z0-9_.]+", "-", dataset).strip("-")[:120] or "dataset"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _metadata(dataset: str) -> dict | None:
    return _metadata_at(weights_path(dataset))


@lru_cache(maxsize=None)
def _metadata_at(path: Path) -> dict | None:
    from safetensors import safe_open

    if not path.is_file():
        return None
    try:
        with safe_open(str(path), framework="np") as f:
            meta = f.metadata() or {}
        json.loads(meta["config"])
    except (Exception,):  # a damaged or foreign file is not a classifier: skip it
        return None
    return {"config": json.loads(meta["config"]), "shape": tuple(json.loads(meta["shape"])),
            "classes": tuple(json.loads(meta["classes"])), "accuracy": float(meta.get("accuracy", "nan")),
            "dataset": meta.get("dataset", path.stem)}



def _candidates() -> list[tuple[str, Path]]:
    """(dataset, weights file): the shipped ones first, then those built for the user's data."""
    shipped = [(name, WEIGHTS_DIR / f"{name}.safetensors") for name in DATASETS]
    folder = user_weights_dir()
    built = [(p, _metadata_at(p)) for p in sorted(folder.glob("*.safetensors"))] if folder.is_dir() else []
    return shipped + [(meta["dataset"], p) for p, meta in built if meta]


def dataset_for(shape, classes) -> str | None:
    """The classifier (shipped, or built by ``build_weights``) whose data has this image shape and
    these class names, if any."""
    for name, path in _candidates():
        meta = _metadata_at(path)
        if meta and meta["shape"] == tuple(shape) and meta["classes"] == tuple(classes):
            return name
    return None


def features_used(shape, classes) -> str | None:
    """In words, which features the sample-quality metrics of data like this are computed on
    (a report says it beside every FID), or None when there are none."""
    name = dataset_for(shape, classes)
    if name is not None:
        acc = _metadata(name)["accuracy"]
        return f"genlab's classifier trained on {name} ({acc:.1%} test accuracy), 128-d penultimate layer"
    if min(tuple(shape)[1:]) >= GENERIC_MIN_SIDE:
        return ("generic: an untrained, seed-0 random convolutional network (no classifier for this "
                "data; FID comparable only between runs on the same data; build one with "
                "python -m genlab.metrics.build_weights DATASET)")
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
    try:
        model.load_state_dict(load_file(str(weights_path(dataset))))
    except (RuntimeError, OSError) as exc:
        raise DataError(f"{weights_path(dataset)} is not a classifier genlab can load "
                        f"({str(exc).splitlines()[0][:120]}); rebuild it") from None
    return model.to(device).eval()


@lru_cache(maxsize=None)
def _generic(shape: tuple[int, ...], device: str):
    """The stated generic extractor: genlab's classifier network, untrained, seeded 0. Random
    convolutional features still separate images by colour, texture and layout, which is what
    FID needs to tell two sample sets apart; they do not know what a class looks like."""
    from genlab.models.base import DataInfo
    from genlab.models.classifier import Classifier

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = Classifier(Classifier.Config(name="classifier"), DataInfo(shape, 2, ("a", "b")))
    return model.to(device).eval()


def extractor_for(shape, classes, device="cpu"):
    """The feature classifier for data of this shape and classes: the trained one if there is
    one, else the generic extractor for images of side >= 16, else None."""
    name = dataset_for(shape, classes)
    if name is not None:
        return load_classifier(name, device)
    if min(tuple(shape)[1:]) >= GENERIC_MIN_SIDE:
        return _generic(tuple(shape), str(torch.device(device)))
    return None


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
