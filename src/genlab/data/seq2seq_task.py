"""A generated translation task that needs alignment: dates written by people -> ISO dates.

    "the twenty-third of march 1998"   -> "1998-03-23"
    "monday, march 23rd, 1998"         -> "1998-03-23"
    "23.03.1998"                       -> "1998-03-23"

The output puts year, month and day in a fixed order, while the inputs put them in many
orders, spelled out or in digits: to write each output character the decoder must look at the
right part of the input, which is what attention learns (and what its heat-map shows).
Test dates never occur in training, in any format: a date belongs to the test split when its
day number (days since 1 January 1 AD) is a multiple of 10. Everything is generated from a seed,
so no download is needed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Iterator

import torch

from genlab.data.batches import ShuffledBatches
from genlab.data.info import DataInfo
from genlab.errors import ConfigError

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ONES = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
ORDINAL_ONES = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
                "sixteenth", "seventeenth", "eighteenth", "nineteenth")
FIRST, LAST = dt.date(1900, 1, 1).toordinal(), dt.date(2099, 12, 31).toordinal()

PAD, BOS, EOS = 0, 1, 2
SPECIALS = ("<pad>", "<s>", "</s>")
SOURCE_CHARS = " ,-./0123456789abcdefghijklmnopqrstuvwxyz"
TARGET_CHARS = "-0123456789"


def ordinal_words(n: int) -> str:
    """1 -> 'first', 23 -> 'twenty-third', 30 -> 'thirtieth'."""
    if n < 20:
        return ORDINAL_ONES[n]
    tens = {2: "twenty", 3: "thirty"}[n // 10]
    return tens[:-1] + "ieth" if n % 10 == 0 else f"{tens}-{ORDINAL_ONES[n % 10]}"


def ordinal_suffix(n: int) -> str:
    """1 -> '1st', 22 -> '22nd', 13 -> '13th'."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


FORMATS = (
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"the {ordinal_words(d.day)} of {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {ordinal_suffix(d.day)}, {d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: f"{MONTHS[d.month - 1][:3]} {d.day} {d.year}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{WEEKDAYS[d.weekday()][:3]} {ordinal_suffix(d.day)} {MONTHS[d.month - 1][:3]} {d.year}",
)


def is_test_date(d: dt.date) -> bool:
    return d.toordinal() % 10 == 0


def generate_pairs(n: int, split: str, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` (human date, ISO date) pairs of ``split``, reproducible from the seed."""
    rng = random.Random(f"{seed}-{split}")
    pairs = []
    while len(pairs) < n:
        d = dt.date.fromordinal(rng.randint(FIRST, LAST))
        if is_test_date(d) != (split == "test"):
            continue
        pairs.append((rng.choice(FORMATS)(d), d.isoformat()))
    return pairs


class CharVocab:
    def __init__(self, chars: str):
        self.itos = list(SPECIALS) + list(chars)
        self.stoi = {c: i for i, c in enumerate(self.itos)}

    def __len__(self) -> int:
        return len(self.itos)

    def encode(self, text: str) -> list[int]:
        bad = sorted({c for c in text if c not in self.stoi or self.stoi[c] < len(SPECIALS)})
        if bad:
            raise ConfigError(f"characters outside the task's alphabet: {''.join(bad)!r}; "
                              f"use lower-case letters, digits and {' ,-./'!r}")
        return [self.stoi[c] for c in text]

    def decode(self, ids) -> str:
        out = []
        for i in ids:
            i = int(i)
            if i == EOS:
                break
            if i >= len(SPECIALS):
                out.append(self.itos[i])
        return "".join(out)


@dataclass
class Seq2SeqData:
    name: str
    split: str
    source: torch.Tensor   # (N, S) source ids, PAD after the end
    target: torch.Tensor   # (N, T) BOS, target ids, EOS, PAD
    max_source: int

    def __len__(self) -> int:
        return self.source.shape[0]

    def info(self) -> DataInfo:
        return DataInfo((self.max_source,), len(TARGET_CHARS) + len(SPECIALS), (),
                        {"source_chars": SOURCE_CHARS, "target_chars": TARGET_CHARS,
                         "max_source": self.max_source, "max_target": self.target.shape[1] - 1})

    def to(self, device) -> "Seq2SeqData":
        return Seq2SeqData(self.name, self.split, self.source.to(device), self.target.to(device),
                           self.max_source)

    def batches(self, batch_size: int, seed: int = 0, rank: int = 0, world_size: int = 1):
        return ShuffledBatches((self.source, self.target), batch_size, seed=seed, rank=rank,
                               world_size=world_size)

    def eval_batches(self, batch_size: int) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        for i in range(0, len(self), batch_size):
            yield self.source[i:i + batch_size], self.target[i:i + batch_size]


MAX_SOURCE = 40  # the longest format ("wednesday, september 23rd, 1998") is 31 characters


def encode_pairs(pairs: list[tuple[str, str]], max_source: int = MAX_SOURCE):
    src_vocab, tgt_vocab = CharVocab(SOURCE_CHARS), CharVocab(TARGET_CHARS)
    max_target = max(len(t) for _, t in pairs) + 2
    source = torch.full((len(pairs), max_source), PAD, dtype=torch.long)
    target = torch.full((len(pairs), max_target), PAD, dtype=torch.long)
    for i, (s, t) in enumerate(pairs):
        ids = src_vocab.encode(s)[:max_source]
        source[i, :len(ids)] = torch.tensor(ids)
        out = [BOS] + tgt_vocab.encode(t) + [EOS]
        target[i, :len(out)] = torch.tensor(out)
    return source, target


def load_dates(n_train: int, n_test: int, seed: int = 0, splits=("train", "test")) -> list[Seq2SeqData]:
    sizes = {"train": n_train, "test": n_test}
    out = []
    for split in splits:
        source, target = encode_pairs(generate_pairs(sizes[split], split, seed))
        out.append(Seq2SeqData("dates", split, source, target, MAX_SOURCE))
    return out
