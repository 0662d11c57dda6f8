"""Token data for language models: corpora, tokenized splits, and random training windows.

A corpus is read whole (``tinyshakespeare``, ``python-stdlib``, or any local text file), a
tokenizer is fitted to it, and the token ids live in memory as one int32 tensor per split: the
first 90% of the text trains, the last 10% is held out (as nanoGPT and char-rnn split Tiny
Shakespeare). A training batch is ``batch_size`` windows of ``block_size + 1`` tokens at random
offsets; the input is the first ``block_size`` tokens and the target the same window shifted by
one. The offsets of batch ``b`` of epoch ``e`` come from a generator seeded by (seed, e), so
resuming at any step replays exactly the same batches. Evaluation uses the held-out tokens cut
into consecutive, non-overlapping windows, always the same ones.
"""

from __future__ import annotations

import math
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import torch

from genlab.data.info import DataInfo
from genlab.errors import ConfigError, DataError

STDLIB = "python-stdlib"
STDLIB_MAX_CHARS = 1_500_000


def load_corpus(name: str, data_dir=None, download: bool | None = None) -> str:
    """Text of a named corpus or a local file. ``python-stdlib`` needs no download: it is the
    source of the running Python's standard library, read in a fixed order."""
    if name == STDLIB:
        return python_stdlib_text()
    from genlab.data.text import load_text

    return load_text(name, data_dir, download)


def python_stdlib_text(max_chars: int = STDLIB_MAX_CHARS) -> str:
    """The standard library's top-level ``.py`` files, sorted by name, then the files of its
    packages, until ``max_chars`` (test suites and third-party ``site-packages`` excluded)."""
    root = Path(sysconfig.get_paths()["stdlib"])
    skip = {"test", "tests", "idle_test", "site-packages", "dist-packages"}

    def files():
        yield from sorted(root.glob("*.py"))
        yield from sorted(p for p in root.glob("*/**/*.py") if not skip & set(p.relative_to(root).parts))

    parts, size = [], 0
    for path in files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        text = f"# file: {path.relative_to(root).as_posix()}\n{text.expandtabs(4)}\n"
        if size + len(text) > max_chars:
            break
        parts.append(text)
        size += len(text)
    if not parts:
        raise DataError(f"found no Python source under {root} (Python {sys.version.split()[0]})")
    return "".join(parts)


@dataclass
class TokenSplits:
    """The tokenized train and test splits of a corpus, with the tokenizer that made them."""

    train: torch.Tensor
    test: torch.Tensor
    tokenizer: Any
    chars_per_token: float


def tokenize_corpus(text: str, tokenizer_kind: str = "char", vocab_size: int = 512,
                    test_fraction: float = 0.1) -> TokenSplits:
    from genlab.tokenizers import train_tokenizer

    if not text.strip():
        raise DataError("the corpus is empty")
    tok = train_tokenizer(tokenizer_kind, text, vocab_size)
    cut = int(len(text) * (1 - test_fraction))
    if tokenizer_kind == "char":
        train_ids, test_ids = tok.encode_array(text[:cut]), tok.encode_array(text[cut:])
    else:
        train_ids = np.asarray(tok.encode(text[:cut]), dtype=np.int64)
        test_ids = np.asarray(tok.encode(text[cut:]), dtype=np.int64)
    chars_per_token = (len(text) - cut) / max(1, len(test_ids))
    # stored as int32 (half the memory of int64); batches are widened to int64 when sliced
    return TokenSplits(torch.from_numpy(train_ids.astype(np.int32)),
                       torch.from_numpy(test_ids.astype(np.int32)), tok, chars_per_token)


@dataclass
class TokenWindows:
    """One split of a tokenized corpus, served as (input, target) windows of ``block_size``."""

    name: str
    split: str
    tokens: torch.Tensor
    block_size: int
    tokenizer: Any
    chars_per_token: float = 1.0
    limit: int | None = None  # evaluation: use only the first N windows
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        if self.block_size < 1:
            raise ConfigError(f"block_size must be >= 1, got {self.block_size}")
        if len(self.tokens) < self.block_size + 1:
            raise ConfigError(
                f"the {self.split} split of {self.name!r} has {len(self.tokens)} tokens, fewer than "
                f"block_size + 1 = {self.block_size + 1}; use a smaller model.block_size or a "
                "bigger corpus")

    def __len__(self) -> int:
        """Number of evaluation windows."""
        n = (len(self.tokens) - 1) // self.block_size
        return min(n, self.limit) if self.limit else n

    def info(self) -> DataInfo:
        return DataInfo((self.block_size,), self.tokenizer.vocab_size, (),
                        {"tokenizer": self.tokenizer.to_dict(), "chars_per_token": self.chars_per_token,
                         "corpus": self.name, **self.extra})

    def to(self, device) -> "TokenWindows":
        return TokenWindows(self.name, self.split, self.tokens.to(device), self.block_size,
                            self.tokenizer, self.chars_per_token, self.limit, self.extra)

    def batches(self, batch_size: int, seed: int = 0, rank: int = 0, world_size: int = 1) -> "RandomWindows":
        return RandomWindows(self.tokens, self.block_size, batch_size, seed, rank, world_size)

    def eval_batches(self, batch_size: int) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        """Consecutive non-overlapping windows of the split, in order."""
        n, T = len(self), self.block_size
        for start in range(0, n, batch_size):
            rows = torch.arange(start, min(n, start + batch_size), device=self.tokens.device)
            idx = rows[:, None] * T + torch.arange(T + 1, device=self.tokens.device)
            chunk = self.tokens[idx].long()
            yield chunk[:, :-1], chunk[:, 1:]


class RandomWindows:
    """Training batches of windows at random offsets, reproducible from (seed, epoch, batch).

    An "epoch" is as many batches as it takes to see about as many tokens as the split holds.
    With ``world_size`` processes, each draws its own offsets (the seed includes the rank).
    """

    def __init__(self, tokens: torch.Tensor, block_size: int, batch_size: int, seed: int = 0,
                 rank: int = 0, world_size: int = 1):
        self.tokens, self.block_size, self.batch_size = tokens, block_size, batch_size
        self.seed, self.rank, self.world_size = seed, rank, world_size
        self.span = torch.arange(block_size + 1, device=tokens.device)
        self.n_batches = max(1, math.ceil(len(tokens) / (batch_size * block_size * world_size)))

    def __len__(self) -> int:
        return self.n_batches

    def offsets(self, epoch: int) -> torch.Tensor:
        gen = torch.Generator().manual_seed((self.seed * 100_003 + epoch) * 1_009 + self.rank)
        high = len(self.tokens) - self.block_size
        return torch.randint(0, high, (self.n_batches, self.batch_size), generator=gen)

    def epoch(self, epoch: int, start: int = 0) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        offsets = self.offsets(epoch).to(self.tokens.device)
        for b in range(start, self.n_batches):
            chunk = self.tokens[offsets[b][:, None] + self.span].long()
            yield chunk[:, :-1], chunk[:, 1:]


def load_token_windows(dataset: str, block_size: int, tokenizer: str = "char", vocab_size: int = 512,
                       splits=("train", "test"), data_dir=None, download=None,
                       limit_test: int | None = None) -> list[TokenWindows]:
    """Read, tokenize and split a corpus; one :class:`TokenWindows` per requested split."""
    text = load_corpus(dataset, data_dir, download)
    data = tokenize_corpus(text, tokenizer, vocab_size)
    out = []
    for split in splits:
        if split not in ("train", "test"):
            raise DataError(f"unknown split {split!r}; choose train or test")
        tokens = data.train if split == "train" else data.test
        out.append(TokenWindows(dataset, split, tokens, block_size, data.tokenizer, data.chars_per_token,
                                limit=limit_test if split == "test" else None))
    return out
