"""Reader for the IDX format of MNIST-style datasets, with validation.

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number of dimensions),
one big-endian uint32 per dimension, then the values. We accept only unsigned bytes (type
0x08), check that the size matches the header, and support gzip-compressed files.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import numpy as np

from genlab.errors import DataError

_UBYTE = 0x08


def read_idx(path: str | Path, expect_ndim: int | None = None) -> np.ndarray:
    """Read an IDX file (optionally .gz) into a uint8 array, or raise a one-line DataError."""
    path = Path(path)
    raw = _read_bytes(path)
    if len(raw) < 4:
        raise DataError(f"{path}: too short to be an IDX file ({len(raw)} bytes); delete it and "
                        "get the dataset again")
    if raw[0] != 0 or raw[1] != 0 or raw[2] != _UBYTE:
        raise DataError(f"{path}: bad IDX magic number {raw[:4].hex()} (expected 000008xx); "
                        "the file is corrupt or not an IDX file")
    ndim = raw[3]
    if expect_ndim is not None and ndim != expect_ndim:
        raise DataError(f"{path}: IDX file has {ndim} dimensions, expected {expect_ndim}")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DataError(f"{path}: truncated IDX header; delete it and get the dataset again")
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    expected = header + int(np.prod(shape, dtype=np.int64))
    if len(raw) != expected:
        what = "truncated" if len(raw) < expected else "has trailing bytes"
        raise DataError(f"{path}: IDX file {what}: {len(raw)} bytes, header {shape} needs "
                        f"{expected}; delete it and get the dataset again")
    # a bytearray is writable, so numpy and torch can share it without another copy
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def _read_bytes(path: Path) -> bytearray:
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as fh:
            raw = bytearray()
            while chunk := fh.read(1 << 22):
                raw += chunk
            return raw
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"{path}: cannot decompress ({exc}); the file is corrupt or truncated; "
                        "delete it and get the dataset again") from None
