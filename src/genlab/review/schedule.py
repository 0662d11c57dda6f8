"""Which cards are due, and the FSRS step after an answer.

The due count reads each card's saved state (JSON with its ``due`` time) without importing
``fsrs``, so ``genlab roadmap`` can show it cheaply; only answering a card imports the scheduler.
A right answer rates the card Good, a wrong one Again (FSRS then brings it back within minutes).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

NEW_PER_DAY = 10


def due_cards(cards, states: dict[str, str], now: datetime | None = None,
              milestone: int | None = None, new_per_day: int = NEW_PER_DAY) -> list:
    """Cards due now: those seen before whose due time has come, then up to ``new_per_day``
    never-seen ones, in milestone order."""
    now = now or datetime.now(timezone.utc)
    pool = sorted((c for c in cards if milestone is None or c.milestone == milestone),
                  key=lambda c: (c.milestone, c.id))
    seen = [c for c in pool if c.id in states and _due(states[c.id]) <= now]
    fresh = [c for c in pool if c.id not in states][:new_per_day]
    return seen + fresh


def _due(state: str) -> datetime:
    return datetime.fromisoformat(json.loads(state)["due"])


def after_answer(state: str | None, correct: bool, now: datetime | None = None) -> str:
    """The card's new FSRS state (JSON) after a right or wrong answer."""
    from fsrs import Card, Rating, Scheduler

    card = Card.from_json(state) if state else Card()
    card, _ = Scheduler().review_card(card, Rating.Good if correct else Rating.Again,
                                      review_datetime=now or datetime.now(timezone.utc))
    return card.to_json()


def due_count(store) -> int:
    """How many cards are due now (cheap: no fsrs); 0 when a teacher's card folder is broken,
    so that the roadmap still shows."""
    from genlab.errors import ConfigError
    from genlab.review.cards import load_cards

    try:
        return len(due_cards(load_cards(), store.review_states()))
    except ConfigError:
        return 0
