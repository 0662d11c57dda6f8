"""Shared helpers for the language-lab tests: a small text corpus that needs no download."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA

SHAKESPEARE = Path(os.environ.get("GENLAB_TINYSHAKESPEARE") or SHARED_DATA / "tinyshakespeare" / "input.txt")
needs_shakespeare = pytest.mark.skipif(not SHAKESPEARE.is_file(), reason="Tiny Shakespeare not present")

LINES = [
    "the king is dead, long live the king.",
    "the queen is wise and the king is bold.",
    "a man and a woman walk to the river.",
    "the river runs to the sea and the sea is deep.",
    "my lord, the night is long and the day is short.",
    "love is kind, love is patient, love is all.",
]


def small_text(repeats: int = 40) -> str:
    """A few thousand characters of a tiny, repetitive language (easy to learn quickly)."""
    return "\n".join(LINES[i % len(LINES)] for i in range(repeats * len(LINES))) + "\n"


@pytest.fixture
def corpus_file(tmp_path) -> Path:
    path = tmp_path / "corpus.txt"
    path.write_text(small_text())
    return path
