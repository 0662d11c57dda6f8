"""Atomic checkpoints: weights in safetensors, the rest in a file read with ``weights_only=True``.

Layout inside a run folder::

    checkpoints/step-00001234/model.safetensors   the model's weights (safe to load anywhere)
    checkpoints/step-00001234/state.pt            optimizer, scheduler, step and RNG state
    checkpoints/latest                            the name of the newest complete checkpoint

A checkpoint is written into a temporary folder, flushed to disk with fsync, and renamed into
place; only then is ``latest`` replaced (again via a temporary file and an atomic rename), and
only after that are old checkpoints pruned. A crash at any moment (even ``kill -9``) therefore
leaves ``latest`` naming a complete checkpoint. Loading never unpickles arbitrary objects.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import load_file, load_model, save_model

from genlab.errors import RunError
from genlab.fileio import fsync_dir as _fsync_dir, fsync_file as _fsync_file, write_atomic

WEIGHTS, STATE, LATEST = "model.safetensors", "state.pt", "latest"
_NAME = re.compile(r"^step-(\d{8,})$")


def save_checkpoint(folder: Path, step: int, model: torch.nn.Module, state: dict, keep: int = 2) -> Path:
    """Write a checkpoint for ``step`` atomically and keep the newest ``keep`` of them."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"step-{step:08d}"
    final = folder / name
    tmp = folder / f".tmp-{name}-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    try:
        tmp.mkdir()
        save_model(model, str(tmp / WEIGHTS))
        torch.save(state, tmp / STATE)
        for f in (WEIGHTS, STATE):
            _fsync_file(tmp / f)
        _fsync_dir(tmp)
        if final.exists():  # the same step saved again (e.g. a stop right after a periodic save)
            shutil.rmtree(final)
        os.rename(tmp, final)
        _fsync_dir(folder)
        write_atomic(folder / LATEST, name + "\n")
    except (OSError, SafetensorError) as exc:  # a full disk, a lost mount: keep what was there
        shutil.rmtree(tmp, ignore_errors=True)
        previous = latest_checkpoint(folder)
        kept = f"the previous checkpoint {previous} is intact" if previous else "no earlier checkpoint exists"
        raise RunError(f"could not write checkpoint {name} in {folder}: "
                       f"{getattr(exc, 'strerror', None) or exc}; {kept}") from None
    _prune(folder, keep, protect=name)
    return final


def load_checkpoint(folder: Path, model: torch.nn.Module, device="cpu") -> dict:
    """Load the newest complete checkpoint into ``model``; return its trainer state."""
    for path in _candidates(folder):
        try:
            state = torch.load(path / STATE, map_location=device, weights_only=True)
            load_weights(model, path / WEIGHTS, device)
        except Exception:  # a damaged older copy: try the next one
            continue
        state["path"] = str(path)
        return state
    raise RunError(f"no loadable checkpoint in {folder}")


def load_weights(model: torch.nn.Module, path: Path, device="cpu") -> None:
    """Load a safetensors file into ``model``, renaming the keys of older genlab versions first
    (each model lists its renames in ``legacy_state_keys``: old prefix -> new, None to drop)."""
    renames = getattr(model, "legacy_state_keys", {})
    with safe_open(str(path), framework="pt") as f:
        keys = list(f.keys())
    if not any(k.startswith(old) for k in keys for old in renames):
        load_model(model, str(path), device=str(device))
        return
    current = model.state_dict()
    state = {}
    for key, tensor in load_file(str(path), device=str(device)).items():
        old = next((o for o in renames if key.startswith(o)), None)
        new = key if old is None else (None if renames[old] is None else renames[old] + key[len(old):])
        if new is not None and (old is None or new in current):   # e.g. an EMA counter, EMA now off
            state[new] = tensor
    model.load_state_dict(state, strict=True)


def latest_checkpoint(folder: Path) -> Path | None:
    """The checkpoint ``latest`` names (or the newest complete one), without loading it."""
    for path in _candidates(folder):
        if (path / WEIGHTS).is_file() and (path / STATE).is_file():
            return path
    return None


def _candidates(folder: Path) -> list[Path]:
    named: list[Path] = []
    pointer = folder / LATEST
    if pointer.is_file():
        named.append(folder / pointer.read_text().strip())
    steps = sorted((p for p in folder.glob("step-*") if _NAME.match(p.name)), reverse=True)
    return named + [p for p in steps if p not in named]


def _prune(folder: Path, keep: int, protect: str) -> None:
    steps = sorted((p for p in folder.glob("step-*") if _NAME.match(p.name)), reverse=True)
    for old in steps[keep:]:
        if old.name != protect:
            shutil.rmtree(old, ignore_errors=True)
    for stale in folder.glob(".tmp-*"):  # left by an earlier crash
        if not stale.name.endswith(f"-{os.getpid()}"):
            shutil.rmtree(stale, ignore_errors=True)
