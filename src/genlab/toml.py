"""The one TOML reader of genlab: the standard library's ``tomllib`` (Python 3.11+), or its
back-port ``tomli`` on Python 3.10. Every module reads TOML through here."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    from tomllib import TOMLDecodeError, loads
else:  # Python 3.10
    from tomli import TOMLDecodeError, loads

__all__ = ["TOMLDecodeError", "loads"]
