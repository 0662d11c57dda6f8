"""Byte-level byte-pair encoding (BPE), written to be read.

The idea (Sennrich et al., 2016, "Neural Machine Translation of Rare Words with Subword Units";
byte-level as in GPT-2, Radford et al., 2019):

1. Split the text into "words" with a regular expression (letters with their leading space,
   digits, punctuation, whitespace), so merges never cross a word boundary.
2. Write every word as its UTF-8 bytes: 256 base tokens, so *any* string can be encoded and
   nothing is ever out of vocabulary.
3. Count every adjacent pair of tokens over all words (weighted by how often each word occurs),
   make the most frequent pair a new token, replace it everywhere, and repeat until the
   vocabulary has ``vocab_size`` tokens. The list of merges, in order, *is* the tokenizer.
4. To encode new text, apply the learned merges to each word, earliest-learned first.

Ties between equally frequent pairs are broken as Hugging Face's ``tokenizers`` library breaks
them (the pair of smaller token ids wins, ids numbered like its byte-level alphabet), so both
learn the same merges on the same corpus; ``tests/language/test_tokenizers.py`` checks it.
Documented difference: the word-splitting regex uses Python's ``re``, where ``[^\\W\\d_]``
stands for the letters class ``\\p{L}`` and ``\\d`` for the numbers class ``\\p{N}``; they agree
on ASCII and most scripts but not on rarities such as superscript digits or Roman numerals.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

# GPT-2's pre-tokenizer: contractions, letters, numbers, other symbols, whitespace.
WORD_RE = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?[^\s\w]+|\s+(?!\S)|\s+""")
# The \w class also holds "_", which GPT-2 counts as a symbol; give it to the symbol branch.
WORD_RE = re.compile(WORD_RE.pattern.replace(r"[^\s\w]+", r"(?:[^\s\w]|_)+"))


def byte_to_unicode() -> dict[int, str]:
    """GPT-2's printable stand-in for every byte (bytes that are already printable map to
    themselves). Only used to number the base tokens like ``tokenizers`` does, and to show
    tokens readably (a space shows as 'Ġ')."""
    printable = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
                 + list(range(ord("®"), ord("ÿ") + 1)))
    mapping, extra = {}, 0
    for b in range(256):
        if b in printable:
            mapping[b] = chr(b)
        else:
            mapping[b] = chr(256 + extra)
            extra += 1
    return mapping


def split_words(text: str) -> list[str]:
    return WORD_RE.findall(text)


class ByteBPE:
    kind = "bpe"

    def __init__(self, merges: list[tuple[int, int]]):
        # token id -> bytes; ids 0..255 are the bytes themselves, then one id per merge
        self.merges = [tuple(m) for m in merges]
        self.ranks = {pair: i for i, pair in enumerate(self.merges)}
        self.token_bytes = [bytes([b]) for b in range(256)]
        for a, b in self.merges:
            self.token_bytes.append(self.token_bytes[a] + self.token_bytes[b])
        self._cache: dict[str, list[int]] = {}

    # -- training -------------------------------------------------------------------------------
    @classmethod
    def train(cls, text: str, vocab_size: int, min_frequency: int = 2) -> "ByteBPE":
        word_counts = Counter(split_words(text))
        words = [list(w.encode("utf-8")) for w in word_counts]
        counts = list(word_counts.values())
        # tie-break order: base tokens ordered by their printable stand-in, as `tokenizers` does
        shown = byte_to_unicode()
        order = sorted(range(256), key=lambda b: shown[b])
        tie_rank = {b: r for r, b in enumerate(order)}

        pair_counts: Counter = Counter()
        where: dict[tuple[int, int], set[int]] = defaultdict(set)  # pair -> words that have it
        for i, (word, n) in enumerate(zip(words, counts)):
            for pair in zip(word, word[1:]):
                pair_counts[pair] += n
                where[pair].add(i)

        merges: list[tuple[int, int]] = []
        while 256 + len(merges) < vocab_size and pair_counts:
            # the most frequent pair; among equals, the one with the smallest ids
            best = max(pair_counts, key=lambda p: (pair_counts[p], -tie_rank[p[0]], -tie_rank[p[1]]))
            if pair_counts[best] < min_frequency:
                break
            new_id = 256 + len(merges)
            merges.append(best)
            tie_rank[new_id] = new_id
            for i in list(where[best]):
                word, n = words[i], counts[i]
                for pair in zip(word, word[1:]):  # forget this word's old pairs ...
                    pair_counts[pair] -= n
                    if pair_counts[pair] <= 0:
                        del pair_counts[pair]
                    where[pair].discard(i)
                words[i] = word = merge_pair(word, best, new_id)
                for pair in zip(word, word[1:]):  # ... and count its new ones
                    pair_counts[pair] += n
                    where[pair].add(i)
        return cls(merges)

    # -- encoding and decoding ------------------------------------------------------------------
    @property
    def vocab_size(self) -> int:
        return 256 + len(self.merges)

    def encode(self, text: str) -> list[int]:
        out: list[int] = []
        for word in split_words(text):
            ids = self._cache.get(word)
            if ids is None:
                ids = self._encode_word(word)
                if len(self._cache) < 100_000:
                    self._cache[word] = ids
            out.extend(ids)
        return out

    def _encode_word(self, word: str) -> list[int]:
        ids = list(word.encode("utf-8"))
        while len(ids) > 1:
            # apply the earliest-learned merge present in the word
            pair = min(zip(ids, ids[1:]), key=lambda p: self.ranks.get(p, float("inf")))
            if pair not in self.ranks:
                break
            ids = merge_pair(ids, pair, 256 + self.ranks[pair])
        return ids

    def decode(self, ids) -> str:
        return b"".join(self.token_bytes[int(i)] for i in ids).decode("utf-8", errors="replace")

    def token_text(self, i: int) -> str:
        """A token as GPT-2 shows it (space as 'Ġ', newline as 'Ċ')."""
        shown = byte_to_unicode()
        return "".join(shown[b] for b in self.token_bytes[i])

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "merges": [list(m) for m in self.merges]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "ByteBPE":
        return cls([tuple(m) for m in d["merges"]])


def merge_pair(ids: list[int], pair: tuple[int, int], new_id: int) -> list[int]:
    """Replace each non-overlapping occurrence of ``pair``, left to right, by ``new_id``."""
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out
