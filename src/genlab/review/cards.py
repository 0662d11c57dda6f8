"""Review cards as data: loading, validation and checking an answer (no torch, no fsrs)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from genlab import toml
from genlab.errors import ConfigError

PACKAGED = Path(__file__).with_name("cards")
EXTRA_ENV = "GENLAB_CARDS"


class Card(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    milestone: int = Field(ge=1, le=23)
    kind: Literal["exact", "number", "choice"]
    front: str = Field(min_length=1)
    answer: Union[str, float]
    tolerance: float = Field(0.0, ge=0, description="number cards: absolute tolerance")
    choices: Optional[list[str]] = None
    why: str = ""

    @model_validator(mode="after")
    def _answer_fits_the_kind(self) -> "Card":
        if self.kind == "number" and not isinstance(self.answer, (int, float)):
            raise ValueError("a number card needs a numeric answer")
        if self.kind == "choice" and (not self.choices or str(self.answer) not in self.choices):
            raise ValueError("a choice card needs choices that include the answer")
        return self

    def check(self, reply: str) -> bool:
        """Is ``reply`` (what the learner typed) right?"""
        reply = reply.strip()
        if self.kind == "number":
            try:
                return abs(float(reply.replace(",", "")) - float(self.answer)) <= self.tolerance + 1e-12
            except ValueError:
                return False
        if self.kind == "choice":
            options = self.choices or []
            if reply.isdigit() and 1 <= int(reply) <= len(options):
                reply = options[int(reply) - 1]
        return " ".join(reply.lower().split()) == " ".join(str(self.answer).lower().split())


def card_folders(extra: list[Path] | None = None) -> list[Path]:
    env = [Path(p) for p in os.environ.get(EXTRA_ENV, "").split(os.pathsep) if p]
    return [PACKAGED, *env, *(extra or [])]


def load_cards(extra: list[Path] | None = None) -> list[Card]:
    """Every card of the packaged set and the extra folders, validated, ids unique."""
    cards: dict[str, Card] = {}
    for folder in card_folders(extra):
        if not folder.is_dir():
            raise ConfigError(f"card folder {folder} does not exist")
        for path in sorted(folder.glob("*.toml")):
            try:
                data = toml.loads(path.read_text(encoding="utf-8"))
            except toml.TOMLDecodeError as exc:
                raise ConfigError(f"{path}: invalid TOML ({exc})") from None
            for i, raw in enumerate(data.get("cards", []), 1):
                try:
                    card = Card.model_validate(raw)
                except ValidationError as exc:
                    err = exc.errors()[0]
                    where = ".".join(str(x) for x in err["loc"]) or "card"
                    raise ConfigError(f"{path}: card {i}: {where}: {err['msg']}") from None
                if card.id in cards:
                    raise ConfigError(f"{path}: card id {card.id!r} is used twice")
                cards[card.id] = card
    return list(cards.values())
