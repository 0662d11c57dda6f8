"""Tokenizers: how text becomes the integers a language model reads.

Three kinds, all with the same small interface (``encode``, ``decode``, ``vocab_size``,
``to_dict``), so a model never cares which one it got:

- ``char``: one token per character of the corpus (Karpathy's char-rnn, nanoGPT's
  shakespeare_char). Tiny vocabulary, long sequences, nothing can be out of vocabulary except
  characters the corpus never showed.
- ``bpe``: byte-level byte-pair encoding written to be read (:mod:`genlab.tokenizers.bpe`):
  start from the 256 bytes and repeatedly merge the most frequent adjacent pair.
- ``bpe-fast``: the same algorithm from Hugging Face's ``tokenizers`` library (Rust), for big
  corpora; its merges are checked against the teaching version in the tests.

A tokenizer is saved as a plain dict (``to_dict``) inside the run's ``run.json``, so a finished
run can generate text without its corpus. This module imports no torch.
"""

from __future__ import annotations

from typing import Any, Protocol

from genlab.errors import ConfigError, unknown

KINDS = ("char", "bpe", "bpe-fast")


class Tokenizer(Protocol):
    kind: str

    @property
    def vocab_size(self) -> int: ...

    def encode(self, text: str) -> list[int]: ...

    def decode(self, ids) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...


def train_tokenizer(kind: str, text: str, vocab_size: int = 512) -> Tokenizer:
    """A tokenizer of ``kind`` fitted to ``text`` (``vocab_size`` matters for BPE only)."""
    if kind == "char":
        from genlab.tokenizers.char import CharTokenizer

        return CharTokenizer.train(text)
    if kind in ("bpe", "bpe-fast"):
        if vocab_size < 256:
            raise ConfigError(f"a byte-level BPE needs vocab_size >= 256 (the bytes), got {vocab_size}")
        if kind == "bpe":
            from genlab.tokenizers.bpe import ByteBPE

            return ByteBPE.train(text, vocab_size)
        from genlab.tokenizers.fast import FastBPE

        return FastBPE.train(text, vocab_size)
    raise unknown("tokenizer", kind, KINDS)


def tokenizer_from_dict(d: dict[str, Any]) -> Tokenizer:
    """Rebuild a tokenizer saved with ``to_dict``."""
    kind = d.get("kind")
    if kind == "char":
        from genlab.tokenizers.char import CharTokenizer

        return CharTokenizer.from_dict(d)
    if kind == "bpe":
        from genlab.tokenizers.bpe import ByteBPE

        return ByteBPE.from_dict(d)
    if kind == "bpe-fast":
        from genlab.tokenizers.fast import FastBPE

        return FastBPE.from_dict(d)
    raise unknown("tokenizer", str(kind), KINDS)
