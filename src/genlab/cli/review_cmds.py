"""``genlab review``: spaced-repetition cards per milestone (see :mod:`genlab.review`)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from genlab.errors import ConfigError


def register(app: typer.Typer) -> None:
    app.command("review")(review)


def review(
    milestone: Optional[int] = typer.Option(None, "--milestone", "-m", help="only this milestone's cards"),
    limit: int = typer.Option(20, help="at most this many cards now"),
    count: bool = typer.Option(False, "--count", help="only say how many cards are due"),
    cards_dir: Optional[List[Path]] = typer.Option(None, "--cards", help="a folder of your own card files (repeatable)"),
) -> None:
    """Review the cards that are due: type the answer (a number, a word, or an option's number);
    wrong answers come back soon, right ones later and later (FSRS)."""
    from genlab.review.cards import load_cards
    from genlab.review.schedule import after_answer, due_cards
    from genlab.roadmap.progress import ProgressStore

    if limit < 1:
        raise ConfigError(f"--limit must be >= 1, got {limit}")
    cards = load_cards(list(cards_dir or []))
    if milestone is not None and not any(c.milestone == milestone for c in cards):
        raise ConfigError(f"no cards for milestone {milestone}; milestones with cards: "
                          f"{', '.join(str(m) for m in sorted({c.milestone for c in cards}))}")
    with ProgressStore() as store:
        states = store.review_states()
        due = due_cards(cards, states, milestone=milestone)
        if count:
            typer.echo(f"{len(due)} cards due")
            return
        right = 0
        for i, card in enumerate(due[:limit], 1):
            typer.echo(f"\n[{i}/{min(limit, len(due))}] milestone {card.milestone}: {card.front}")
            for n, choice in enumerate(card.choices or [], 1):
                typer.echo(f"  {n}. {choice}")
            try:
                reply = input("> ")
            except EOFError:
                break
            correct = card.check(reply)
            right += correct
            typer.echo("right" if correct else f"not quite: {card.answer}" + (f" ({card.why})" if card.why else ""))
            store.save_review(card.id, after_answer(states.get(card.id), correct), correct)
    typer.echo(f"\n{right} right of {min(limit, len(due))}; {max(0, len(due) - limit)} more due")
