"""Where genlab keeps the learner's files.

``$GENLAB_HOME`` replaces the whole genlab home when set (tests and benchmarks use a temporary
folder); otherwise it is the platform's user data directory (``platformdirs``).
"""

from __future__ import annotations

import os
from pathlib import Path


def genlab_home() -> Path:
    """The folder holding the progress database, caches and backups."""
    override = os.environ.get("GENLAB_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir  # imported only when needed: it is not free

    return Path(user_data_dir("genlab", appauthor=False))


def progress_db_path() -> Path:
    return genlab_home() / "progress.db"


def cache_dir() -> Path:
    return genlab_home() / "cache"


def backups_dir() -> Path:
    return genlab_home() / "backups"
