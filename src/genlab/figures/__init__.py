"""Reference figures: what genlab's benchmarks measured, as they recorded it.

Each benchmark (``benchmarks/*.py``, ``make bench``) writes its result here through
``benchmarks/record.py``: ``NAME.json`` (one result) or ``NAME.jsonl`` (one line per model, the
newest counts), with a ``measured`` record (command, date, commit, torch, CPUs). The docs site,
the README's labs table and the guides' "what a good run reaches" read these files and nothing
else, so a figure shown anywhere is the one its command measured. Reading them needs no torch.

``GENLAB_FIGURES=DIR`` reads (and makes the benchmarks write) another folder.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from genlab.errors import GenlabError

PACKAGED = Path(__file__).resolve().parent


class MissingFigure(GenlabError):
    """A page or a guide asks for a figure that no benchmark has recorded."""


def folder() -> Path:
    return Path(os.environ.get("GENLAB_FIGURES", PACKAGED))


def load(source: str) -> dict:
    """``NAME.json`` as a dict, or ``NAME.jsonl`` as {model or recipe: its newest line}."""
    single, lines = folder() / f"{source}.json", folder() / f"{source}.jsonl"
    if single.exists():
        return json.loads(single.read_text(encoding="utf-8"))
    if lines.exists():
        rows = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines() if line.strip()]
        return {row.get("model") or row["recipe"]: row for row in rows}
    raise MissingFigure(f"no recorded figures '{source}': run python benchmarks/{source}.py")


def get(source: str, *keys: str):
    """One figure: ``get("images", "dcgan", "fid")``."""
    value = load(source)
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            raise MissingFigure(f"figures '{source}' have no {'.'.join(keys)}: run python benchmarks/{source}.py")
        value = value[key]
    return value


PLACEHOLDER = re.compile(r"\{fig:([\w-]+):([\w./-]+?)(?::([^}]*))?\}")


def fill(text: str) -> str:
    """Replace ``{fig:SOURCE:KEY.KEY:FORMAT}`` by the figure, e.g. ``{fig:vae:test_nelbo:.2f}``;
    ``FORMAT`` is a Python format spec (``%`` alone: a whole percentage, 0.442 -> 44%)."""

    def one(match: re.Match) -> str:
        source, keys, spec = match[1], match[2].split("."), match[3] or ""
        return format(get(source, *keys), ".0%" if spec == "%" else spec)

    return PLACEHOLDER.sub(one, text)
