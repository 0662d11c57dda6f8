"""Your own images: a folder of image files as a genlab dataset (``--dataset folder:PATH``).

Two layouts are understood, the same ones torchvision's ``ImageFolder`` users know:

- *labelled*: one subfolder per class (``cats/``, ``dogs/``); the class names are the subfolders'
  names in sorted order;
- *flat*: image files directly in the folder; every image gets the one class ``"all"``, so the
  unconditional models train on them as they are (a conditional model learns one class).

A folder that has ``train/`` and ``test/`` subfolders (each in one of the layouts) keeps that split;
otherwise a fixed tenth of the files is held out as the test split, chosen by a hash of each file's
name, so adding images never moves old ones between the splits.

Every image is read with Pillow, turned upright by its EXIF tag, converted to grey or RGB, and
resized and centre-cropped to a square of ``data.image_size`` pixels (default 32): mixed sizes and
aspect ratios are fine. Files Pillow cannot read are counted and skipped with a warning; if more
than a tenth of them are unreadable the folder is refused (something else is wrong). The decoded
tensors are cached (safetensors, never pickle) under the user cache, keyed by the sha256 of the
folder's contents and the transform, so the second run starts at once and any change to the files
is noticed.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from genlab.errors import DataError

PREFIX = "folder:"
SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}
MAX_BAD_SHARE = 0.1
DEFAULT_SIZE = 32
FLAT_CLASS = "all"
_VERSION = "1"  # bump when the transform changes, so old caches are not reused


def is_folder(name: str) -> bool:
    return name.startswith(PREFIX)


def folder_of(name: str) -> Path:
    return Path(name[len(PREFIX):]).expanduser()


@dataclass
class FolderImages:
    """One split of a folder dataset: uint8 images (N, C, S, S), int64 labels, class names."""

    images: np.ndarray
    labels: np.ndarray
    classes: tuple[str, ...]
    checksum: str


def load_folder(name: str, split: str, size: int | None = None, channels: int | None = None) -> FolderImages:
    """Split ``split`` of the folder dataset ``name`` (``folder:PATH``), decoded or from the cache."""
    root = folder_of(name)
    if not root.is_dir():
        raise DataError(f"image folder {root} does not exist (or is not a folder)")
    size = size or DEFAULT_SIZE
    files = _scan(root)
    checksum = _contents_checksum(root, [f for fs in files.values() for f, _ in fs])
    key = hashlib.sha256(f"{checksum}|{size}|{channels}|{_VERSION}".encode()).hexdigest()[:32]
    cached = _read_cache(key)
    if cached is None:
        cached = _decode_all(root, files, size, channels, checksum)
        _write_cache(key, cached)
    return cached[split]


def _scan(root: Path) -> dict[str, list[tuple[Path, str]]]:
    """split -> [(file, class name)], in a fixed order."""
    if (root / "train").is_dir() and (root / "test").is_dir():
        split = {s: _labelled_files(root / s) for s in ("train", "test")}
    else:
        split = {"train": [], "test": []}
        for path, label in _labelled_files(root):
            rel = path.relative_to(root).as_posix()
            held_out = int(hashlib.sha1(rel.encode()).hexdigest(), 16) % 10 == 0
            split["test" if held_out else "train"].append((path, label))
        if not split["test"] and len(split["train"]) > 1:
            split["test"].append(split["train"].pop())
    if not split["train"]:
        raise DataError(f"image folder {root} has no image files ({', '.join(sorted(SUFFIXES))}) "
                        "in it or in its class subfolders")
    if not split["test"]:
        raise DataError(f"image folder {root} has only one image; genlab needs at least two "
                        "(one is held out for testing)")
    return split


def _labelled_files(folder: Path) -> list[tuple[Path, str]]:
    flat = sorted(p for p in folder.iterdir() if _is_image(p))
    subfolders = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    labelled = [(f, sub.name) for sub in subfolders for f in sorted(sub.rglob("*")) if _is_image(f)]
    if flat and labelled:
        raise DataError(f"image folder {folder} mixes image files and class subfolders; put every "
                        "image in a class subfolder, or all of them directly in the folder")
    return labelled or [(f, FLAT_CLASS) for f in flat]


def _is_image(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith(".")


def _contents_checksum(root: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _decode_all(root, files, size, channels, checksum) -> dict[str, FolderImages]:
    names = sorted({label for fs in files.values() for _, label in fs})
    index = {c: i for i, c in enumerate(names)}
    decoded, bad = {}, []
    for split, pairs in files.items():
        images, labels = [], []
        for path, label in pairs:
            image = _read(path, size)
            if image is None:
                bad.append(path)
                continue
            images.append(image)
            labels.append(index[label])
        decoded[split] = (images, np.array(labels, dtype=np.int64))
    _check_unreadable(root, bad, sum(len(p) for p in files.values()))
    if channels is None:  # grey when every image is grey
        channels = 1 if all(_is_grey(im) for ims, _ in decoded.values() for im in ims) else 3
    out = {}
    for split, (images, labels) in decoded.items():
        if not images:
            raise DataError(f"image folder {root}: no readable image in its {split} split")
        stack = np.stack([_to_channels(im, channels) for im in images])
        order = np.random.default_rng(0).permutation(len(stack))  # classes mixed: data.limit_* works
        out[split] = FolderImages(stack[order], labels[order], tuple(names), checksum)
    return out


def _read(path: Path, size: int) -> np.ndarray | None:
    """An RGB uint8 array (S, S, 3), or None if Pillow cannot read the file."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            img = ImageOps.exif_transpose(img)
            if img.mode in ("RGBA", "LA", "P"):  # transparent parts become white, not black
                img = img.convert("RGBA")
                white = Image.new("RGBA", img.size, (255, 255, 255, 255))
                img = Image.alpha_composite(white, img)
            img = ImageOps.fit(img.convert("RGB"), (size, size), Image.Resampling.LANCZOS)
            return np.asarray(img, dtype=np.uint8)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def _check_unreadable(root: Path, bad: list[Path], total: int) -> None:
    if not bad:
        return
    share = len(bad) / max(total, 1)
    example = bad[0].relative_to(root)
    if share > MAX_BAD_SHARE:
        raise DataError(f"image folder {root}: {len(bad)} of {total} files are not readable images "
                        f"(e.g. {example}); more than {MAX_BAD_SHARE:.0%}, so the folder is refused")
    print(f"warning: skipped {len(bad)} of {total} files in {root} that are not readable images "
          f"(e.g. {example})", file=sys.stderr)


def _is_grey(image: np.ndarray) -> bool:
    return bool((image[..., 0] == image[..., 1]).all() and (image[..., 1] == image[..., 2]).all())


def _to_channels(image: np.ndarray, channels: int) -> np.ndarray:
    """(S, S, 3) -> (C, S, S); grey by ITU-R 601 luma, as Pillow's ``convert("L")`` does."""
    if channels == 1:
        luma = image.astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        return np.round(luma).clip(0, 255).astype(np.uint8)[None]
    return image.transpose(2, 0, 1).copy()


# -- the cache ------------------------------------------------------------------------------
def _cache_path(key: str) -> Path:
    from genlab.data.sources import cache_root

    return cache_root() / "folders" / f"{key}.safetensors"


def _read_cache(key: str) -> dict[str, FolderImages] | None:
    from safetensors import SafetensorError
    from safetensors.numpy import load_file
    from safetensors import safe_open

    path = _cache_path(key)
    if not path.is_file():
        return None
    try:
        arrays = load_file(str(path))
        with safe_open(str(path), framework="np") as f:
            meta = f.metadata()
        classes, checksum = tuple(json.loads(meta["classes"])), meta["checksum"]
        return {s: FolderImages(arrays[f"{s}/images"], arrays[f"{s}/labels"], classes, checksum)
                for s in ("train", "test")}
    except (SafetensorError, KeyError, ValueError, OSError):
        return None  # a damaged cache entry is rebuilt, never trusted


def _write_cache(key: str, data: dict[str, FolderImages]) -> None:
    from safetensors.numpy import save_file

    from genlab.fileio import atomic_path

    path = _cache_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for split, d in data.items():
        arrays[f"{split}/images"], arrays[f"{split}/labels"] = d.images, d.labels
    first = next(iter(data.values()))
    meta = {"classes": json.dumps(list(first.classes)), "checksum": first.checksum}
    with atomic_path(path) as tmp:
        save_file(arrays, str(tmp), metadata=meta)
