"""Provenance of generated files: which model, run, checkpoint step, seed and command made them.

A PNG carries its record in an iTXt chunk (``genlab:provenance``); other files (GIF, MP4, text)
get a sidecar ``<file>.provenance.json``. The record holds the sha256 of the *content*: for a
PNG the decoded pixels (so re-saving with other metadata keeps it), for the rest the file's
bytes. ``genlab provenance FILE`` reads the record back and says whether the content still
matches it: an edited image or a replaced GIF no longer does.

The run-level fields (run, model) are set once by whoever knows them (the trainer, a loaded
run) with :func:`context`; each writer adds what only it knows (the step, the seed).
This module imports no torch.
"""

from __future__ import annotations

import hashlib
import json
import sys
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from genlab.errors import DataError

PNG_KEY = "genlab:provenance"
SIDECAR_SUFFIX = ".provenance.json"
_CONTEXT: ContextVar[dict] = ContextVar("genlab_provenance", default={})


@contextmanager
def context(**fields):
    """Fields every file written inside the block records (e.g. ``run=..., model=...``)."""
    token = _CONTEXT.set({**_CONTEXT.get(), **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield
    finally:
        _CONTEXT.reset(token)


def record(**fields) -> dict[str, Any]:
    """The provenance record of a file written now: genlab's version, the command, the time,
    the context's fields and ``fields``."""
    from genlab import __version__

    out = {"generator": "genlab", "genlab_version": __version__,
           "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:1000],
           "time": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    out.update(_CONTEXT.get())
    out.update({k: v for k, v in fields.items() if v is not None})
    return out


# -- content hashes -------------------------------------------------------------------------
def pixels_sha256(image) -> str:
    """sha256 of a Pillow image's mode, size and pixels (not of its file's bytes)."""
    digest = hashlib.sha256(f"{image.mode} {image.width}x{image.height}\n".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- writing --------------------------------------------------------------------------------
def save_png(image, path: Path, **fields) -> Path:
    """Save a Pillow image as a PNG whose text chunk records its provenance."""
    from PIL.PngImagePlugin import PngInfo

    meta = PngInfo()
    meta.add_itxt(PNG_KEY, json.dumps(record(**fields, sha256=pixels_sha256(image)), sort_keys=True))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    image.save(tmp, format="PNG", pnginfo=meta)
    tmp.replace(path)
    return path


def stamp(path: Path, **fields) -> Path:
    """Record the provenance of a file that is already written: in the PNG itself, or in a
    sidecar JSON for formats without a place for it. Returns the file holding the record."""
    path = Path(path)
    if path.suffix.lower() == ".png":
        from PIL import Image

        with Image.open(path) as im:
            im.load()
            return save_png(im.copy(), path, **fields)
    from genlab.fileio import write_atomic

    sidecar = sidecar_path(path)
    write_atomic(sidecar, json.dumps(record(**fields, sha256=file_sha256(path),
                                            file=path.name), indent=1, sort_keys=True))
    return sidecar


def sidecar_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + SIDECAR_SUFFIX)


# -- reading --------------------------------------------------------------------------------
def read(path: Path) -> tuple[dict | None, bool | None]:
    """(the file's provenance record or None, whether its content still matches the record's
    sha256; None when there is no record)."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path} is not a file")
    if path.name.endswith(SIDECAR_SUFFIX):
        raise DataError(f"{path} is a provenance record; ask about the file it describes")
    if path.suffix.lower() == ".png":
        return _read_png(path)
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return None, None
    try:
        rec = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{sidecar} is not a readable provenance record ({exc})") from None
    return rec, rec.get("sha256") == file_sha256(path)


def _read_png(path: Path):
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            im.load()
            text = im.text.get(PNG_KEY) if hasattr(im, "text") else None
            if text is None:
                return None, None
            rec = json.loads(text)
            return rec, rec.get("sha256") == pixels_sha256(im)
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise DataError(f"{path} is not a readable PNG ({exc})") from None
    except ValueError:
        raise DataError(f"{path} has a genlab provenance chunk that is not valid JSON") from None


def describe(path: Path) -> list[str]:
    """The lines ``genlab provenance FILE`` prints."""
    rec, matches = read(path)
    if rec is None:
        return [f"{path}: no genlab provenance record (not made by genlab, or its metadata was stripped)"]
    order = ["model", "run", "step", "seed", "command", "genlab_version", "time", "sha256"]
    lines = [f"{path}: made by genlab"]
    lines += [f"  {k}: {rec[k]}" for k in order if k in rec]
    lines += [f"  {k}: {v}" for k, v in sorted(rec.items()) if k not in order and k not in ("generator", "file")]
    lines.append("  content: matches the record" if matches else
                 "  content: CHANGED since it was generated (its sha256 no longer matches)")
    return lines
