"""Token windows: reproducible batches, shifted targets, and one clear error for bad corpora."""

import pytest
import torch

from genlab.data.tokens import (STDLIB, TokenWindows, load_corpus, load_token_windows,
                                python_stdlib_text, tokenize_corpus)
from genlab.errors import ConfigError, DataError
from tests.language.conftest import small_text


def windows(block=8):
    data = tokenize_corpus(small_text(), "char")
    return TokenWindows("small", "train", data.train, block, data.tokenizer), data


def test_targets_are_inputs_shifted_by_one_and_batches_replay_exactly():
    train, data = windows()
    a = list(train.batches(4, seed=3).epoch(2))
    b = list(train.batches(4, seed=3).epoch(2, start=5))
    assert all(torch.equal(x, y) for (x, _), (y, _) in zip(a[5:], b))  # resume mid-epoch
    x, y = a[0]
    assert x.shape == (4, 8) and torch.equal(x[:, 1:], y[:, :-1])
    c = list(train.batches(4, seed=4).epoch(2))
    assert not torch.equal(a[0][0], c[0][0])


def test_eval_windows_tile_the_split_in_order():
    train, data = windows()
    xs = torch.cat([x for x, _ in train.eval_batches(7)])
    assert xs.shape[0] == len(train)
    assert torch.equal(xs.flatten(), data.train[: xs.numel()])


def test_block_size_larger_than_the_corpus_is_a_config_error(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("to be or not to be\n" * 3)
    with pytest.raises(ConfigError, match="block_size"):
        load_token_windows(str(path), block_size=64)


def test_empty_and_binary_corpora_are_data_errors(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "bin.txt").write_bytes(b"abc\x00\x01\x02" * 10)
    with pytest.raises(DataError, match="empty"):
        load_corpus(str(tmp_path / "empty.txt"))
    with pytest.raises(DataError, match="binary"):
        load_corpus(str(tmp_path / "bin.txt"))


def test_python_stdlib_corpus_is_offline_deterministic_and_capped():
    a = python_stdlib_text(200_000)
    assert a == python_stdlib_text(200_000)
    assert 50_000 < len(a) <= 200_000 and "def " in a and a.startswith("# file: ")
    assert load_corpus(STDLIB)[:1000] == a[:1000]


def test_bits_per_character_accounts_for_bpe_tokens():
    data = tokenize_corpus(small_text(), "bpe", 300)
    assert data.chars_per_token > 2  # each BPE token covers several characters
