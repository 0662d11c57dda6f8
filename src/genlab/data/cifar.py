"""CIFAR-10 from its binary version: fixed-size records read straight from the archive.

The Python version of CIFAR-10 is a set of pickles, and unpickling a downloaded file can run
code, so genlab reads the *binary* version instead: each record is one label byte followed by
3,072 pixel bytes (1,024 red, then green, then blue, row by row). The five ``data_batch_*.bin``
files are the 50,000 training images, ``test_batch.bin`` the 10,000 test images. The archive is
read in place (members are looked up by name, nothing is extracted), or an already extracted
``cifar-10-batches-bin`` folder is used.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import numpy as np

from genlab.data import registry, sources
from genlab.errors import DataError

RECORD = 1 + 3 * 32 * 32
MEMBERS = {"train": [f"data_batch_{i}.bin" for i in range(1, 6)], "test": ["test_batch.bin"]}
FOLDER = "cifar-10-batches-bin"


def load_cifar10(split: str, data_dir=None, download: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(uint8 images N x 3 x 32 x 32, int64 labels) of ``split``."""
    spec = registry.image_spec("cifar10")
    names = MEMBERS[split]
    for folder in sources.candidate_dirs("cifar10", data_dir):
        for candidate in (folder, folder / FOLDER):
            if all((candidate / n).is_file() for n in names):
                return _records([(n, (candidate / n).read_bytes()) for n in names])
        if (folder / spec.archive.name).is_file():
            return _from_archive(folder / spec.archive.name, names)
    [archive] = sources.download("cifar10", [spec.archive], spec.how_to_get, download)
    return _from_archive(archive, names)


def _from_archive(path: Path, names: list[str]):
    try:
        with tarfile.open(path, "r:gz") as tar:
            return _records([(n, _member(tar, n, path)) for n in names])
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise DataError(f"{path}: not a readable CIFAR-10 archive ({type(exc).__name__}); delete it "
                        "and download it again") from None


def _member(tar: tarfile.TarFile, name: str, path: Path) -> bytes:
    try:
        member = tar.getmember(f"{FOLDER}/{name}")
    except KeyError:
        raise DataError(f"{path} has no {FOLDER}/{name}; is it the binary version of CIFAR-10?") from None
    return tar.extractfile(member).read()


def _records(parts: list[tuple[str, bytes]]):
    arrays = []
    for name, raw in parts:
        if len(raw) % RECORD or not raw:
            raise DataError(f"CIFAR-10 file {name} has {len(raw)} bytes, not a whole number of "
                            f"{RECORD}-byte records; the file is damaged")
        arrays.append(np.frombuffer(raw, dtype=np.uint8).reshape(-1, RECORD))
    records = np.concatenate(arrays)
    labels = records[:, 0].astype(np.int64)
    if labels.max() >= 10:
        raise DataError(f"CIFAR-10 label {labels.max()} out of range; the files are damaged")
    return records[:, 1:].reshape(-1, 3, 32, 32).copy(), labels
