"""Errors a user can fix. The CLI prints them as one line on stderr and exits with code 2."""


class GenlabError(Exception):
    """A problem with the user's input or environment, with a message that says how to fix it."""

    exit_code = 2


class ConfigError(GenlabError):
    """A recipe, a ``--set`` override or a command-line value is invalid."""


class UnknownNameError(GenlabError):
    """A dataset, model or recipe name that genlab does not know."""


class DataError(GenlabError):
    """A dataset is missing, corrupt, or failed its checksum."""


class RunError(GenlabError):
    """A run folder is missing, incomplete or not a genlab run."""


class TrainingDiverged(GenlabError):
    """The loss became NaN or infinite; the last good checkpoint is kept."""


def unknown(kind: str, name: str, known) -> UnknownNameError:
    """Build the standard 'unknown X' error, listing the names that do exist."""
    choices = ", ".join(sorted(known)) or "none"
    return UnknownNameError(f"unknown {kind} {name!r}; choose one of: {choices}")
