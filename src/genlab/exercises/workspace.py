"""The learner's workspace: their exercise files, and a small state file beside them.

``~/genlab-workspace/`` by default; ``$GENLAB_WORKSPACE`` or ``--workspace`` choose another.
Each started exercise is one file there (``pca_svd.py`` for ``pca-svd``), copied from the stub
and never overwritten: ``--reset`` keeps a backup of the old file in ``.genlab/backups/``.
``.genlab/exercises.json`` keeps, per exercise, the hints revealed and whether the learner gave
up (saw the solution), and which exercise is current; the outcomes of checks live in the
progress database (:mod:`genlab.exercises.progress`).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from genlab.errors import ConfigError
from genlab.fileio import write_atomic

DEFAULT_WORKSPACE = "~/genlab-workspace"


def workspace_dir(option: str | os.PathLike | None = None) -> Path:
    """``--workspace`` if given, else ``$GENLAB_WORKSPACE``, else ``~/genlab-workspace``."""
    raw = option or os.environ.get("GENLAB_WORKSPACE") or DEFAULT_WORKSPACE
    return Path(raw).expanduser()


class Workspace:
    def __init__(self, root: str | os.PathLike | None = None):
        self.root = workspace_dir(root)
        self.meta_dir = self.root / ".genlab"
        self.state_path = self.meta_dir / "exercises.json"

    # -- files

    def file_for(self, exercise) -> Path:
        return self.root / exercise.file_name

    def is_started(self, exercise) -> bool:
        return self.file_for(exercise).is_file()

    def start(self, exercise, reset: bool = False) -> tuple[Path, bool, Path | None]:
        """Copy the stub in. Returns (file, whether it was (re)written, backup of the old one).

        An existing file is never touched unless ``reset``; then it is backed up first.
        """
        if self.root.exists() and not self.root.is_dir():
            raise ConfigError(f"the workspace {self.root} is a file, not a folder")
        target = self.file_for(exercise)
        backup = None
        if target.exists():
            if not reset:
                self.set_current(exercise.id)
                return target, False, None
            backups = self.meta_dir / "backups"
            backups.mkdir(parents=True, exist_ok=True)
            backup = backups / f"{target.stem}-{time.strftime('%Y%m%d-%H%M%S')}.py"
            n = 1
            while backup.exists():
                backup = backups / f"{target.stem}-{time.strftime('%Y%m%d-%H%M%S')}-{n}.py"
                n += 1
            shutil.copy2(target, backup)
        self.root.mkdir(parents=True, exist_ok=True)
        write_atomic(target, exercise.stub_path.read_text(encoding="utf-8"))
        state = self.load_state()
        entry = state["exercises"].setdefault(exercise.id, {})
        entry.setdefault("started", time.strftime("%Y-%m-%dT%H:%M:%S"))
        state["current"] = exercise.id
        self.save_state(state)
        return target, True, backup

    # -- state

    def load_state(self) -> dict:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            state = {}
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"the exercise state file {self.state_path} is unreadable "
                              f"({exc}); move it away to start afresh") from exc
        state.setdefault("version", 1)
        state.setdefault("current", None)
        state.setdefault("exercises", {})
        return state

    def save_state(self, state: dict) -> None:
        self.meta_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(self.state_path, json.dumps(state, indent=1, sort_keys=True))

    def entry(self, exercise_id: str) -> dict:
        return dict(self.load_state()["exercises"].get(exercise_id, {}))

    def update(self, exercise_id: str, **values) -> dict:
        state = self.load_state()
        entry = state["exercises"].setdefault(exercise_id, {})
        entry.update(values)
        self.save_state(state)
        return entry

    def current(self) -> str | None:
        return self.load_state().get("current")

    def set_current(self, exercise_id: str) -> None:
        state = self.load_state()
        if state.get("current") != exercise_id:
            state["current"] = exercise_id
            self.save_state(state)

    # -- hints

    def reveal_hint(self, exercise) -> tuple[int, str, bool]:
        """The next hint: (its 1-based number, its text, whether it is a new one)."""
        shown = int(self.entry(exercise.id).get("hints_shown", 0))
        if shown < len(exercise.hints):
            self.update(exercise.id, hints_shown=shown + 1)
            return shown + 1, exercise.hints[shown], True
        return len(exercise.hints), exercise.hints[-1], False
