"""Tokenizers: round trips (property tests), the teaching BPE against the tokenizers library."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genlab.errors import ConfigError
from genlab.tokenizers import tokenizer_from_dict, train_tokenizer
from genlab.tokenizers.bpe import ByteBPE, merge_pair, split_words
from genlab.tokenizers.char import CharTokenizer
from tests.language.conftest import SHAKESPEARE, needs_shakespeare, small_text

ALPHABET = "abcdefghij ,.\n'"
CHAR = CharTokenizer.train(ALPHABET)
BPE = ByteBPE.train(small_text(), 300)


@given(st.text(alphabet=ALPHABET, max_size=200))
def test_char_round_trip(text):
    ids = CHAR.encode(text)
    assert len(ids) == len(text)
    assert CHAR.decode(ids) == text
    assert CHAR.encode_array(text).tolist() == ids


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_byte_bpe_round_trips_any_unicode(text):
    # byte-level: every string, emoji and control characters included, is encodable
    assert BPE.decode(BPE.encode(text)) == text


@given(st.text(max_size=100))
def test_words_cover_the_text(text):
    assert "".join(split_words(text)) == text


def test_char_tokenizer_refuses_unknown_characters():
    with pytest.raises(ConfigError, match="outside this model's vocabulary"):
        CHAR.encode("abz")
    with pytest.raises(ConfigError, match="outside"):
        CHAR.encode_array("abz")


def test_bpe_learns_merges_that_shorten_the_text():
    text = small_text()
    assert BPE.vocab_size == 300
    assert len(BPE.encode(text)) < len(text.encode()) / 2
    assert BPE.decode([BPE.encode(" king")[0]]) == " king"  # a frequent word became one token


def test_merge_pair_is_left_to_right_and_non_overlapping():
    assert merge_pair([1, 1, 1, 2, 1, 1], (1, 1), 9) == [9, 1, 2, 9]


def test_tokenizers_survive_to_dict_and_back():
    for tok in (train_tokenizer("char", small_text()), BPE, train_tokenizer("bpe-fast", small_text(), 280)):
        again = tokenizer_from_dict(tok.to_dict())
        sample = "the king, my lord.\n"
        assert again.encode(sample) == tok.encode(sample)
        assert again.decode(again.encode(sample)) == sample


def test_bpe_vocab_size_must_cover_the_bytes():
    with pytest.raises(ConfigError, match="vocab_size >= 256"):
        train_tokenizer("bpe", "abc", 100)


def _compare_with_library(text, vocab_size):
    pytest.importorskip("tokenizers")
    from genlab.tokenizers.fast import FastBPE

    ours = ByteBPE.train(text, vocab_size)
    theirs = FastBPE.train(text, vocab_size)
    ours_merges = [(ours.token_text(a), ours.token_text(b)) for a, b in ours.merges]
    assert ours_merges == theirs.merges()
    # and the same segmentation of new text (ids are numbered differently: compare the tokens)
    sample = text[-2000:] + " Unseen words: zyzzyva, naïve café!"
    assert [ours.token_text(i) for i in ours.encode(sample)] == \
        [theirs.tok.id_to_token(i) for i in theirs.encode(sample)]


def test_teaching_bpe_learns_the_same_merges_as_the_tokenizers_library_small():
    _compare_with_library(small_text(), 320)


@needs_shakespeare
def test_teaching_bpe_matches_the_library_on_shakespeare():
    _compare_with_library(SHAKESPEARE.read_text()[:200_000], 400)
