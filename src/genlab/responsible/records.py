"""The audits recorded in a run folder (``RUN/audit/*.json``), read without torch: the report,
the model card and the dashboard show them."""

from __future__ import annotations

import json
from pathlib import Path

IMAGE_AUDITS = ("balance", "memorization", "membership", "interpretability")
TEXT_AUDITS = ("text",)
ALL_AUDITS = IMAGE_AUDITS + TEXT_AUDITS


def audit_folder(run_dir) -> Path:
    return Path(run_dir.path) / "audit"


def read_audits(run_dir) -> list[dict]:
    """The audits recorded in a run folder (what the report, the card and the dashboard show)."""
    out = []
    for path in sorted(audit_folder(run_dir).glob("*.json")):
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # a half-written or damaged file: shown as absent
            continue
        if isinstance(entry, dict) and isinstance(entry.get("audit"), str):
            out.append(entry)
    order = {n: i for i, n in enumerate(ALL_AUDITS)}
    return sorted(out, key=lambda a: order.get(a.get("audit"), 99))


