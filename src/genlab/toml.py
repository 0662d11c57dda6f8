"""The one TOML reader of genlab: the standard library's ``tomllib`` (Python 3.11+), or its
back-port ``tomli`` on Python 3.10. Every module reads TOML through here."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    from tomllib import TOMLDecodeError, loads
else:  # Python 3.10
    from tomli import TOMLDecodeError, loads

__all__ = ["TOMLDecodeError", "literal", "loads"]


def literal(value) -> str:
    """A Python value as a one-line TOML literal, for ``--set key=LITERAL`` overrides."""
    import json
    from pathlib import PurePath

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, PurePath)):
        return json.dumps(str(value))  # JSON's string escapes are valid in a TOML basic string
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
