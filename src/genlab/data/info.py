"""What a model needs to know about its data to build itself (plain data, no torch)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class DataInfo:
    """Shape of one example (C, H, W for images; (block,) for token windows), the number of
    classes (or the vocabulary size for text), class names, and anything else a model needs
    (``extra``, e.g. a tokenizer's description). Saved in run.json so a run can be reopened
    without its dataset."""

    shape: tuple[int, ...]
    num_classes: int
    classes: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "DataInfo":
        return cls(tuple(d["shape"]), int(d["num_classes"]), tuple(d.get("classes", ())),
                   dict(d.get("extra", {})))
