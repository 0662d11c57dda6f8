"""Byte-level BPE from Hugging Face's ``tokenizers`` library (Rust): the same algorithm as
:mod:`genlab.tokenizers.bpe`, fast enough for corpora of gigabytes."""

from __future__ import annotations

import json
from typing import Any

from genlab.errors import ConfigError


def _library():
    try:
        import tokenizers
    except ImportError:
        raise ConfigError("the bpe-fast tokenizer needs the 'tokenizers' package: "
                          "pip install tokenizers (or use model.tokenizer=\"bpe\")") from None
    return tokenizers


class FastBPE:
    kind = "bpe-fast"

    def __init__(self, tokenizer):
        self.tok = tokenizer

    @classmethod
    def train(cls, text: str, vocab_size: int, min_frequency: int = 2) -> "FastBPE":
        lib = _library()
        tok = lib.Tokenizer(lib.models.BPE())
        tok.pre_tokenizer = lib.pre_tokenizers.ByteLevel(add_prefix_space=False)
        tok.decoder = lib.decoders.ByteLevel()
        trainer = lib.trainers.BpeTrainer(
            vocab_size=vocab_size, min_frequency=min_frequency, show_progress=False,
            initial_alphabet=lib.pre_tokenizers.ByteLevel.alphabet(), special_tokens=[])
        # the library splits its input into lines itself when given an iterator of chunks
        tok.train_from_iterator(_chunks(text), trainer)
        return cls(tok)

    @property
    def vocab_size(self) -> int:
        return self.tok.get_vocab_size()

    def encode(self, text: str) -> list[int]:
        return self.tok.encode(text).ids

    def decode(self, ids) -> str:
        return self.tok.decode([int(i) for i in ids])

    def merges(self) -> list[tuple[str, str]]:
        """The learned merges, as pairs of GPT-2-style token strings."""
        model = json.loads(self.tok.to_str())["model"]
        return [tuple(m.split(" ", 1)) if isinstance(m, str) else tuple(m) for m in model["merges"]]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "json": self.tok.to_str()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "FastBPE":
        return cls(_library().Tokenizer.from_str(d["json"]))


def _chunks(text: str, size: int = 1 << 20):
    """Pieces of about ``size`` characters, cut only at newlines so no word is split."""
    start = 0
    while start < len(text):
        end = text.find("\n", min(start + size, len(text)))
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end
