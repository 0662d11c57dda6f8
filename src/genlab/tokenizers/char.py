"""Character tokens: the vocabulary is the sorted set of characters in the corpus."""

from __future__ import annotations

from typing import Any

import numpy as np

from genlab.errors import ConfigError


class CharTokenizer:
    kind = "char"

    def __init__(self, chars: str):
        self.chars = chars
        self.index = {c: i for i, c in enumerate(chars)}

    @classmethod
    def train(cls, text: str) -> "CharTokenizer":
        return cls("".join(sorted(set(text))))

    @property
    def vocab_size(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> list[int]:
        try:
            return [self.index[c] for c in text]
        except KeyError:
            missing = sorted({c for c in text if c not in self.index})
            shown = ", ".join(repr(c) for c in missing[:10])
            raise ConfigError(f"the text has {len(missing)} character(s) outside this model's "
                              f"vocabulary of {self.vocab_size}: {shown}; use only characters "
                              "that were in the training corpus") from None

    def encode_array(self, text: str) -> np.ndarray:
        """Fast path for whole corpora: a lookup table indexed by code point."""
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        table = np.full(max(map(ord, self.chars)) + 1, -1, dtype=np.int64)
        table[[ord(c) for c in self.chars]] = np.arange(len(self.chars))
        if codes.size and (codes.max() >= table.size or (table[codes] < 0).any()):
            self.encode(text)  # raises the readable error
        return table[codes]

    def decode(self, ids) -> str:
        return "".join(self.chars[int(i)] for i in ids)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "chars": self.chars}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "CharTokenizer":
        return cls(d["chars"])
