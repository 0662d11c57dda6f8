"""Errors of the roadmap: each is a :class:`~genlab.errors.GenlabError`, so the CLI prints one line."""

from genlab.errors import ConfigError, GenlabError


class CurriculumError(ConfigError):
    """A curriculum file that cannot be read or does not pass validation."""


class ProgressDBError(GenlabError):
    """The progress database cannot be used (corrupted, foreign, too new, or busy)."""
