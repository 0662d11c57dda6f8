"""genlab review: the cards are valid data, answers are checked, FSRS state persists across processes."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from genlab.errors import ConfigError
from genlab.review.cards import Card, load_cards
from genlab.review.schedule import after_answer, due_cards

CARDS = load_cards()


def test_at_least_150_cards_over_phases_1_to_3_each_answering_itself():
    assert len(CARDS) >= 150
    by_milestone = Counter(c.milestone for c in CARDS)
    assert set(by_milestone) == set(range(1, 16)), "every milestone of phases 1-3 has cards"
    assert all(c.check(str(c.answer)) for c in CARDS)
    assert {c.kind for c in CARDS} == {"exact", "number", "choice"}


def test_answers_are_checked_exactly_numerically_or_by_choice():
    exact = Card(id="a", milestone=1, kind="exact", front="?", answer="zero_grad")
    assert exact.check("  Zero_Grad ") and not exact.check("zero grad")
    number = Card(id="b", milestone=2, kind="number", front="?", answer=0.6667, tolerance=0.001)
    assert number.check("0.667") and not number.check("0.7") and not number.check("two thirds")
    choice = Card(id="c", milestone=3, kind="choice", front="?", answer="b", choices=["a", "b"])
    assert choice.check("2") and choice.check("b") and not choice.check("1")


def test_a_teachers_card_folder_is_validated_in_one_line(tmp_path):
    (tmp_path / "mine.toml").write_text('[[cards]]\nid = "x"\nmilestone = 2\nkind = "number"\nfront = "?"\nanswer = "ten"\n')
    with pytest.raises(ConfigError, match="mine.toml: card 1: .*numeric answer"):
        load_cards([tmp_path])
    (tmp_path / "mine.toml").write_text('[[cards]]\nid = "mine-1"\nmilestone = 2\nkind = "exact"\nfront = "2+2?"\nanswer = "4"\n')
    assert any(c.id == "mine-1" for c in load_cards([tmp_path]))


def test_fsrs_brings_a_miss_back_soon_and_a_success_later():
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    good = after_answer(None, True, now)
    again = after_answer(None, False, now)
    import json

    due_good, due_again = (datetime.fromisoformat(json.loads(s)["due"]) for s in (good, again))
    assert now < due_again <= due_good
    later = after_answer(good, True, due_good)
    assert datetime.fromisoformat(json.loads(later)["due"]) - due_good > due_good - now  # spacing grows


def test_due_cards_are_the_seen_ones_whose_time_came_then_new_ones():
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    cards = [c for c in CARDS if c.milestone == 7]
    state = after_answer(None, True, now)
    states = {cards[0].id: state}
    assert cards[0] not in due_cards(cards, states, now)               # answered: not due yet
    assert due_cards(cards, states, now + timedelta(days=30))[0] == cards[0]  # due again later
    assert len(due_cards(CARDS, {}, now, new_per_day=5)) == 5


def test_cli_review_keeps_its_state_between_processes(tmp_path):
    import subprocess
    import sys

    def review(*args, answers=""):
        return subprocess.run([sys.executable, "-m", "genlab", "review", *args], input=answers,
                              capture_output=True, text=True, timeout=120)

    before = review("--milestone", "12", "--count").stdout
    out = review("--milestone", "12", "--limit", "2", answers="1\nwrong\n")
    assert out.returncode == 0, out.stderr
    assert "right of 2" in out.stdout
    after = review("--milestone", "12", "--count").stdout
    # both answered cards wait now (the missed one for a minute, the right one longer)
    assert int(after.split()[0]) == int(before.split()[0]) - 2
    bad = review("--milestone", "99", "--count")
    assert bad.returncode == 2 and "no cards for milestone 99" in bad.stderr
