"""Errors of the roadmap: each is a :class:`~genlab.errors.GenlabError`, so the CLI prints one line."""

from __future__ import annotations

from pathlib import Path

from genlab.errors import ConfigError, GenlabError


class CurriculumError(ConfigError):
    """A curriculum file that cannot be read or does not pass validation."""


class ProgressDBError(GenlabError):
    """The progress database cannot be used (too new, busy, or not writable)."""


class CorruptDatabaseError(ProgressDBError):
    """The progress database is damaged or belongs to something else.

    A copy has already been saved at :attr:`backup`; ``genlab progress repair`` replaces the
    file with a new, empty database. Nothing is replaced without that request.
    """

    def __init__(self, message: str, backup: Path | None):
        super().__init__(message)
        self.backup = backup
