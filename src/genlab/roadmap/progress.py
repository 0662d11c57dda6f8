"""The learner's progress, in an embedded SQLite database.

One file, ``progress.db`` in the genlab home (``$GENLAB_HOME`` or the platform's user data
directory), holds six tables: the status of each milestone, a journal of dated status changes
and notes, exercise results, ticked checklist activities, the activities ``genlab verify``
found shown by the learner's work, and the review cards' scheduling state.

Safety under concurrent use (the CLI and the dashboard, or several shells):

- WAL journal mode: readers never block the writer and see a consistent snapshot;
- every write is one ``BEGIN IMMEDIATE`` transaction, so read-modify-write steps (such as
  keeping a milestone's start date) cannot interleave and lose an update;
- a busy timeout makes a second writer wait instead of failing;
- ``synchronous=FULL``: a committed transaction survives the process being killed.

The schema version lives in ``PRAGMA user_version`` and ``PRAGMA application_id`` marks the file
as genlab's. Opening an older file applies the missing migrations in one transaction. A file
that is damaged or belongs to another program is never overwritten: it is copied aside, the
error says where, and only ``genlab progress repair`` (:meth:`ProgressStore.repair`) starts a
new database.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator

from genlab.errors import ConfigError
from genlab.roadmap.dates import from_iso, to_iso, utc_now
from genlab.roadmap.errors import CorruptDatabaseError, ProgressDBError
from genlab.roadmap.model import STATUSES

SCHEMA_VERSION = 5
APPLICATION_ID = 0x47656E4C  # "GenL"
BUSY_TIMEOUT_S = 30.0

STATUS_ALIASES = {"skip": "skipped", "reset": "not-started", "start": "in-progress",
                  "started": "in-progress", "in_progress": "in-progress", "todo": "not-started"}
EXERCISE_STATUSES = ("passed", "failing", "gave-up")
EXPORT_FORMAT = "genlab-progress"
EXPORT_VERSION = 1

# Each version's statements; opening a file at version v applies v+1 .. SCHEMA_VERSION.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE milestone_status (
               milestone_id INTEGER PRIMARY KEY,
               status       TEXT NOT NULL,
               started_at   TEXT,
               finished_at  TEXT,
               updated_at   TEXT NOT NULL)""",
        """CREATE TABLE journal (
               id           INTEGER PRIMARY KEY AUTOINCREMENT,
               milestone_id INTEGER,
               at           TEXT NOT NULL,
               kind         TEXT NOT NULL,  -- 'status' or 'note'
               status       TEXT,
               note         TEXT)""",
        "CREATE INDEX journal_by_milestone ON journal (milestone_id, at)",
    ),
    2: (  # exercises (rustlings-style checks) and checklist ticks
        """CREATE TABLE exercise_result (
               exercise_id  TEXT PRIMARY KEY,
               milestone_id INTEGER NOT NULL,
               status       TEXT NOT NULL,
               attempts     INTEGER NOT NULL DEFAULT 1,
               updated_at   TEXT NOT NULL)""",
        """CREATE TABLE activity_tick (
               milestone_id INTEGER NOT NULL,
               activity     INTEGER NOT NULL,  -- 1-based position in the milestone's list
               ticked_at    TEXT NOT NULL,
               PRIMARY KEY (milestone_id, activity))""",
    ),
    3: (  # checklist activities shown done by the learner's work (genlab verify)
        """CREATE TABLE activity_evidence (
               milestone_id INTEGER NOT NULL,
               activity     INTEGER NOT NULL,  -- 1-based, as in activity_tick
               shown_by     TEXT NOT NULL,     -- the run folder, file or exercise
               verified_at  TEXT NOT NULL,
               PRIMARY KEY (milestone_id, activity))""",
    ),
    4: (  # review cards' FSRS state (genlab review)
        """CREATE TABLE review_state (
               card_id     TEXT PRIMARY KEY,
               state       TEXT NOT NULL,      -- the fsrs Card as JSON (its due time included)
               correct     INTEGER NOT NULL DEFAULT 0,
               reviews     INTEGER NOT NULL DEFAULT 0,
               updated_at  TEXT NOT NULL)""",
    ),
    5: (  # which curriculum version the activity numbers of ticks and evidence refer to
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    ),
}


def normalize_status(status: str) -> str:
    """Map a user's word (``done``, ``in-progress``, ``skip``, ``reset`` ...) to a stored status."""
    word = status.strip().lower()
    word = STATUS_ALIASES.get(word, word)
    if word not in STATUSES:
        choices = ", ".join(list(STATUSES) + ["skip", "reset"])
        raise ConfigError(f"unknown status {status!r}; choose one of: {choices}")
    return word


@dataclass(frozen=True)
class MilestoneProgress:
    milestone_id: int
    status: str
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime


@dataclass(frozen=True)
class JournalEntry:
    id: int
    milestone_id: int | None
    at: datetime
    kind: str
    status: str | None
    note: str | None


@dataclass(frozen=True)
class Snapshot:
    """Everything the roadmap views need, read in one consistent transaction."""

    milestones: dict[int, MilestoneProgress]
    ticks: dict[int, set[int]]
    exercises: dict[str, str]
    #: (milestone, activity) -> what showed it done (genlab verify)
    evidence: dict = field(default_factory=dict)

    def status(self, milestone_id: int) -> str:
        entry = self.milestones.get(milestone_id)
        return entry.status if entry else "not-started"


EMPTY_SNAPSHOT = Snapshot({}, {}, {})


# SQLite's messages for the result codes we act on; Python 3.10's errors carry only the message
_CODE_OF_MESSAGE = {"file is not a database": "SQLITE_NOTADB",
                    "database disk image is malformed": "SQLITE_CORRUPT",
                    "database is locked": "SQLITE_BUSY", "database table is locked": "SQLITE_LOCKED"}


def error_name(exc: sqlite3.Error) -> str:
    """SQLite's result code name of ``exc`` (``SQLITE_BUSY`` ...); "" when unknown."""
    name = getattr(exc, "sqlite_errorname", None)   # Python 3.11+
    if name:
        return name
    message = str(exc)
    return next((code for text, code in _CODE_OF_MESSAGE.items() if message.startswith(text)), "")


def _is_corruption(exc: sqlite3.Error) -> bool:
    return error_name(exc).startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


class _Foreign(Exception):
    """Raised inside :meth:`ProgressStore._check` for a healthy SQLite file that is not ours."""


class ProgressStore:
    """The progress database. ``path=None`` uses ``<genlab home>/progress.db``.

    Opening is lazy: reading from a database that does not exist yet returns empty results and
    creates nothing; the first write creates the file. A store holds one SQLite connection: use
    one store per thread (a web dashboard: one per request); any number of processes may share
    the file.
    """

    def __init__(self, path: Path | str | None = None, busy_timeout_s: float = BUSY_TIMEOUT_S):
        if path is None:
            from genlab.roadmap.paths import progress_db_path

            path = progress_db_path()
        self.path = Path(path)
        self.busy_timeout_s = busy_timeout_s
        self._conn: sqlite3.Connection | None = None

    # -- connection, checks and migrations ---------------------------------------------------
    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def exists(self) -> bool:
        return self.path.exists()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProgressDBError(f"cannot create {self.path.parent}: {exc.strerror}") from None
        with self._guarded():
            conn = sqlite3.connect(str(self.path), timeout=self.busy_timeout_s,
                                   isolation_level=None)
        try:
            with self._guarded():
                try:
                    self._check(conn)
                except _Foreign as exc:
                    raise self._corrupted(str(exc)) from None
                self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _check(self, conn: sqlite3.Connection) -> None:
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_s * 1000)}")
        app_id, version, tables = self._header(conn)
        if app_id not in (0, APPLICATION_ID):
            raise _Foreign("it is an SQLite database of another application")
        if app_id == 0 and (tables or version):
            raise _Foreign("it is an SQLite database that genlab did not create")
        if version > SCHEMA_VERSION:
            raise ProgressDBError(
                f"progress database {self.path} has schema version {version}, newer than this "
                f"genlab understands ({SCHEMA_VERSION}); upgrade genlab")
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise self._corrupted(f"integrity check failed: {verdict}")
        self._enable_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")

    def _enable_wal(self, conn: sqlite3.Connection) -> None:
        """Switch the file to WAL once; it stays WAL for every later connection.

        The switch needs an exclusive lock and SQLite answers SQLITE_BUSY at once, without
        waiting, while another process holds the file, so retry within the busy timeout.
        """
        deadline = time.monotonic() + self.busy_timeout_s
        while True:
            try:
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() != "wal":
                    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                break
            except sqlite3.OperationalError as exc:
                busy = error_name(exc).startswith("SQLITE_BUSY")
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        if str(mode).lower() != "wal":
            raise ProgressDBError(f"progress database {self.path}: cannot enable WAL mode ({mode})")

    @staticmethod
    def _header(conn: sqlite3.Connection) -> tuple[int, int, int]:
        """Application id, schema version and table count, read from one snapshot.

        Read one by one, another process's first migration could commit in between and a
        fresh genlab database would look foreign (tables but no application id).
        """
        conn.execute("BEGIN")
        try:
            return (conn.execute("PRAGMA application_id").fetchone()[0],
                    conn.execute("PRAGMA user_version").fetchone()[0],
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        finally:
            conn.execute("COMMIT")

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        if conn.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated meanwhile.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[target]:
                    conn.execute(statement)
            if version < SCHEMA_VERSION:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # -- errors --------------------------------------------------------------------------------
    def _backup_path(self) -> Path:
        digest = hashlib.sha256(self.path.read_bytes()).hexdigest()[:12]
        return self.path.with_name(f"{self.path.name}.bad-{digest}")

    def _save_copy(self) -> Path | None:
        """Copy the damaged file (and its WAL) aside, once per distinct content."""
        try:
            backup = self._backup_path()
            if not backup.exists():
                shutil.copy2(self.path, backup)
                wal = self.path.with_name(self.path.name + "-wal")
                if wal.exists():
                    shutil.copy2(wal, backup.with_name(backup.name + "-wal"))
            return backup
        except OSError:
            return None

    def _corrupted(self, reason: str) -> CorruptDatabaseError:
        self.close()
        backup = self._save_copy()
        kept = f"a copy is kept at {backup}" if backup else "could not copy it aside (disk?)"
        return CorruptDatabaseError(
            f"progress database {self.path} is not usable ({reason}); {kept}; "
            f"run `genlab progress repair` to start a new, empty one", backup)

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """Turn sqlite3 errors into one-line genlab errors."""
        try:
            yield
        except sqlite3.Error as exc:
            if _is_corruption(exc):
                raise self._corrupted(str(exc)) from None
            name = error_name(exc)
            if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                raise ProgressDBError(
                    f"progress database {self.path} stayed busy for {self.busy_timeout_s:g} s "
                    "(another genlab process is writing); try again") from None
            raise ProgressDBError(f"progress database {self.path}: {exc}") from None

    # -- transactions --------------------------------------------------------------------------
    def _write(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        conn = self._connection()
        with self._guarded():
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return result

    def _read(self, work: Callable[[sqlite3.Connection], Any], empty: Any) -> Any:
        if self._conn is None and not self.path.exists():
            return empty  # nothing recorded yet; do not create a file just to read it
        conn = self._connection()
        with self._guarded():
            conn.execute("BEGIN")  # one snapshot for all the SELECTs in ``work``
            try:
                return work(conn)
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

    # -- milestones ----------------------------------------------------------------------------
    def set_status(self, milestone_id: int, status: str, note: str | None = None,
                   at: datetime | None = None) -> str:
        """Record a milestone's new status (and an optional note) in the journal; returns it.

        ``in-progress`` keeps the first start date; ``done``/``skipped`` set the finish date;
        ``not-started`` (``reset``) clears both. ``at`` backdates the change (default: now).
        """
        new = normalize_status(status)
        when = to_iso(at or utc_now())

        def work(conn: sqlite3.Connection) -> str:
            row = conn.execute("SELECT started_at FROM milestone_status WHERE milestone_id = ?",
                               (milestone_id,)).fetchone()
            started = row[0] if row else None
            finished = None
            if new == "in-progress":
                started = started or when
            elif new in ("done", "skipped"):
                finished = when
                if started and from_iso(started) > from_iso(when):
                    raise ConfigError(f"milestone {milestone_id} was started on {started[:10]}; "
                                      f"it cannot be finished earlier, on {when[:10]}")
            else:
                started = None
            conn.execute(
                """INSERT INTO milestone_status VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (milestone_id) DO UPDATE SET status = excluded.status,
                     started_at = excluded.started_at, finished_at = excluded.finished_at,
                     updated_at = excluded.updated_at""",
                (milestone_id, new, started, finished, to_iso(utc_now())))
            conn.execute("INSERT INTO journal (milestone_id, at, kind, status, note) "
                         "VALUES (?, ?, 'status', ?, ?)", (milestone_id, when, new, note))
            return new

        return self._write(work)

    def add_note(self, milestone_id: int | None, note: str, at: datetime | None = None) -> None:
        """Append a dated note to the journal (``milestone_id=None``: a general note)."""
        if not note.strip():
            raise ConfigError("the note is empty")
        self._write(lambda conn: conn.execute(
            "INSERT INTO journal (milestone_id, at, kind, note) VALUES (?, ?, 'note', ?)",
            (milestone_id, to_iso(at or utc_now()), note)))

    def milestones(self) -> dict[int, MilestoneProgress]:
        return self._read(_read_milestones, {})

    def journal(self, milestone_id: int | None = None) -> list[JournalEntry]:
        def work(conn: sqlite3.Connection) -> list[JournalEntry]:
            sql = "SELECT id, milestone_id, at, kind, status, note FROM journal"
            args: tuple = ()
            if milestone_id is not None:
                sql, args = sql + " WHERE milestone_id = ?", (milestone_id,)
            rows = conn.execute(sql + " ORDER BY at, id", args).fetchall()
            return [JournalEntry(r[0], r[1], from_iso(r[2]), r[3], r[4], r[5]) for r in rows]

        return self._read(work, [])

    # -- checklist ticks -----------------------------------------------------------------------
    def tick(self, milestone_id: int, activity: int, done: bool = True) -> None:
        """Tick (or untick) activity number ``activity`` (1-based) of a milestone."""
        if done:
            self._write(lambda conn: conn.execute(
                "INSERT OR IGNORE INTO activity_tick VALUES (?, ?, ?)",
                (milestone_id, activity, to_iso(utc_now()))))
        else:
            self._write(lambda conn: conn.execute(
                "DELETE FROM activity_tick WHERE milestone_id = ? AND activity = ?",
                (milestone_id, activity)))

    def ticks(self) -> dict[int, set[int]]:
        return self._read(_read_ticks, {})

    # -- evidence (genlab verify) -----------------------------------------------------------------
    def record_evidence(self, milestone_id: int, activity: int, shown_by: str) -> None:
        """Record that activity number ``activity`` of a milestone is shown done by ``shown_by``."""
        self._write(lambda conn: conn.execute(
            """INSERT INTO activity_evidence VALUES (?, ?, ?, ?)
               ON CONFLICT (milestone_id, activity) DO UPDATE SET shown_by = excluded.shown_by,
                 verified_at = excluded.verified_at""",
            (milestone_id, activity, shown_by, to_iso(utc_now()))))

    def evidence(self) -> dict[tuple[int, int], str]:
        """(milestone, activity) -> what showed it, for every activity genlab verify found done."""
        return self._read(_read_evidence, {})

    # -- curriculum versions -----------------------------------------------------------------------
    def follow_curriculum(self, version: int, moves) -> list[str]:
        """Move ticks and evidence to the activity numbers of curriculum ``version``, applying the
        ``moves`` (version, milestone, old, new) of every version after the one recorded; a
        removed activity's tick or evidence becomes a journal note. Returns what changed, in words.
        A new database simply records ``version``; the same call again changes nothing."""
        def work(conn: sqlite3.Connection) -> list[str]:
            row = conn.execute("SELECT value FROM meta WHERE key = 'curriculum_version'").fetchone()
            had_progress = conn.execute("SELECT (SELECT count(*) FROM activity_tick) + "
                                        "(SELECT count(*) FROM activity_evidence)").fetchone()[0]
            current = int(row[0]) if row else (1 if had_progress else version)
            changes = []
            for v in range(current + 1, version + 1):
                steps = [mv for mv in moves if mv[0] == v]
                for table in ("activity_tick", "activity_evidence"):
                    rows = {(m, a): r for m, a, *r in conn.execute(f"SELECT * FROM {table}")}
                    moved = {}
                    for (m, a), rest in rows.items():
                        step = next((mv for mv in steps if mv[1] == m and mv[2] == a), None)
                        moved[(m, step[3] if step else a)] = rest
                        if step and step[3] == 0:
                            what = "tick" if table == "activity_tick" else f"evidence ({rest[0]})"
                            note = f"curriculum version {v} removed activity {a}; your {what} is kept here"
                            conn.execute("INSERT INTO journal (milestone_id, at, kind, status, note) "
                                         "VALUES (?, ?, 'note', NULL, ?)", (m, to_iso(utc_now()), note))
                            changes.append(f"milestone {m}: {note}")
                        elif step:
                            changes.append(f"milestone {m}: activity {a} is now {step[3]} ({table.split('_')[1]})")
                    conn.execute(f"DELETE FROM {table}")
                    for (m, a), rest in moved.items():
                        if a:
                            conn.execute(f"INSERT INTO {table} VALUES (?, ?{', ?' * len(rest)})", (m, a, *rest))
            conn.execute("INSERT INTO meta VALUES ('curriculum_version', ?) ON CONFLICT (key) DO UPDATE "
                         "SET value = excluded.value", (str(max(version, current)),))
            return changes

        return self._write(work)

    # -- review cards (genlab review) -------------------------------------------------------------
    def save_review(self, card_id: str, state: str, correct: bool) -> None:
        """Store a card's new scheduler state after one answer."""
        self._write(lambda conn: conn.execute(
            """INSERT INTO review_state VALUES (?, ?, ?, 1, ?)
               ON CONFLICT (card_id) DO UPDATE SET state = excluded.state,
                 correct = correct + excluded.correct, reviews = reviews + 1,
                 updated_at = excluded.updated_at""",
            (card_id, state, int(correct), to_iso(utc_now()))))

    def review_states(self) -> dict[str, str]:
        """card id -> its scheduler state (JSON), for every card answered at least once."""
        return self._read(lambda conn: dict(conn.execute("SELECT card_id, state FROM review_state")), {})

    # -- exercises (called by the exercises' checker) ------------------------------------------
    def record_exercise(self, exercise_id: str, milestone_id: int, status: str) -> None:
        """Record the latest result of an exercise: ``passed``, ``failing`` or ``gave-up``."""
        if status not in EXERCISE_STATUSES:
            raise ConfigError(f"unknown exercise status {status!r}; "
                              f"choose one of: {', '.join(EXERCISE_STATUSES)}")
        self._write(lambda conn: conn.execute(
            """INSERT INTO exercise_result VALUES (?, ?, ?, 1, ?)
               ON CONFLICT (exercise_id) DO UPDATE SET status = excluded.status,
                 milestone_id = excluded.milestone_id, attempts = attempts + 1,
                 updated_at = excluded.updated_at""",
            (exercise_id, milestone_id, status, to_iso(utc_now()))))

    def exercise_statuses(self) -> dict[str, str]:
        """The latest status of every exercise tried so far, by exercise id."""
        return self._read(_read_exercises, {})

    # -- everything at once ----------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        return self._read(lambda conn: Snapshot(_read_milestones(conn), _read_ticks(conn),
                                                _read_exercises(conn), _read_evidence(conn)), EMPTY_SNAPSHOT)

    def export_data(self) -> dict:
        """All progress as a JSON-ready dictionary (see :func:`validate_export`)."""

        def work(conn: sqlite3.Connection) -> dict:
            def rows(sql: str) -> list[dict]:
                cur = conn.execute(sql)
                names = [d[0] for d in cur.description]
                return [dict(zip(names, row)) for row in cur.fetchall()]

            return {
                "milestones": rows("SELECT * FROM milestone_status ORDER BY milestone_id"),
                "journal": rows("SELECT milestone_id, at, kind, status, note FROM journal "
                                "ORDER BY at, id"),
                "exercises": rows("SELECT * FROM exercise_result ORDER BY exercise_id"),
                "ticks": rows("SELECT * FROM activity_tick ORDER BY milestone_id, activity"),
                "evidence": rows("SELECT * FROM activity_evidence ORDER BY milestone_id, activity"),
                "reviews": rows("SELECT * FROM review_state ORDER BY card_id"),
            }

        body = self._read(work, {"milestones": [], "journal": [], "exercises": [], "ticks": [],
                                 "evidence": [], "reviews": []})
        return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION,
                "exported_at": to_iso(utc_now()), **body}

    def import_data(self, data: dict, source: str = "import") -> dict[str, int]:
        """Replace all progress with an export's content, in one transaction; returns counts."""
        validate_export(data, source)

        def work(conn: sqlite3.Connection) -> dict[str, int]:
            for table in ("milestone_status", "journal", "exercise_result", "activity_tick"):
                conn.execute(f"DELETE FROM {table}")
            conn.executemany("INSERT INTO milestone_status VALUES (:milestone_id, :status, "
                             ":started_at, :finished_at, :updated_at)", data["milestones"])
            conn.executemany("INSERT INTO journal (milestone_id, at, kind, status, note) VALUES "
                             "(:milestone_id, :at, :kind, :status, :note)", data["journal"])
            conn.executemany("INSERT INTO exercise_result VALUES (:exercise_id, :milestone_id, "
                             ":status, :attempts, :updated_at)", data["exercises"])
            conn.executemany("INSERT INTO activity_tick VALUES (:milestone_id, :activity, "
                             ":ticked_at)", data["ticks"])
            if data.get("evidence") is not None:
                conn.execute("DELETE FROM activity_evidence")
                conn.executemany("INSERT INTO activity_evidence VALUES (:milestone_id, :activity, "
                                 ":shown_by, :verified_at)", data["evidence"])
            if data.get("reviews") is not None:
                conn.execute("DELETE FROM review_state")
                conn.executemany("INSERT INTO review_state VALUES (:card_id, :state, :correct, "
                                 ":reviews, :updated_at)", data["reviews"])
            return {key: len(data.get(key) or []) for key in
                    ("milestones", "journal", "exercises", "ticks", "evidence", "reviews")}

        return self._write(work)

    # -- repair ------------------------------------------------------------------------------------
    def repair(self) -> Path | None:
        """Start a new, empty database if the current one is damaged or foreign.

        Returns the path of the saved copy of the old file, or None if it was healthy (then
        nothing changes). A database that is merely busy or too new is never replaced.
        """
        try:
            self._connection()
            return None
        except CorruptDatabaseError as exc:
            backup = exc.backup
            if backup is None:
                raise
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        self._connection()
        return backup


# -- row readers (shared by the single-purpose reads and the snapshot) ----------------------------

def _read_evidence(conn: sqlite3.Connection) -> dict[tuple[int, int], str]:
    return {(r[0], r[1]): r[2] for r in conn.execute(
        "SELECT milestone_id, activity, shown_by FROM activity_evidence")}


def _read_milestones(conn: sqlite3.Connection) -> dict[int, MilestoneProgress]:
    rows = conn.execute("SELECT milestone_id, status, started_at, finished_at, updated_at "
                        "FROM milestone_status").fetchall()
    return {r[0]: MilestoneProgress(r[0], r[1], from_iso(r[2]), from_iso(r[3]), from_iso(r[4]))
            for r in rows}


def _read_ticks(conn: sqlite3.Connection) -> dict[int, set[int]]:
    ticks: dict[int, set[int]] = {}
    for milestone_id, activity in conn.execute("SELECT milestone_id, activity FROM activity_tick"):
        ticks.setdefault(milestone_id, set()).add(activity)
    return ticks


def _read_exercises(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT exercise_id, status FROM exercise_result").fetchall())


# -- validating an export file ---------------------------------------------------------------------

_EXPORT_FIELDS: dict[str, dict[str, tuple[type, ...]]] = {
    "milestones": {"milestone_id": (int,), "status": (str,), "started_at": (str, type(None)),
                   "finished_at": (str, type(None)), "updated_at": (str,)},
    "journal": {"milestone_id": (int, type(None)), "at": (str,), "kind": (str,),
                "status": (str, type(None)), "note": (str, type(None))},
    "exercises": {"exercise_id": (str,), "milestone_id": (int,), "status": (str,),
                  "attempts": (int,), "updated_at": (str,)},
    "ticks": {"milestone_id": (int,), "activity": (int,), "ticked_at": (str,)},
    "evidence": {"milestone_id": (int,), "activity": (int,), "shown_by": (str,), "verified_at": (str,)},
    "reviews": {"card_id": (str,), "state": (str,), "correct": (int,), "reviews": (int,), "updated_at": (str,)},
}
#: tables an export of an older genlab lacks; importing such a file leaves them as they are
_OPTIONAL_TABLES = {"evidence": "activity_evidence", "reviews": "review_state"}
_TIMESTAMPS = {"started_at", "finished_at", "updated_at", "at", "ticked_at", "verified_at"}


def validate_export(data: Any, source: str = "import") -> None:
    """Check an export's structure and values; raise a one-line :class:`ConfigError`."""

    def fail(msg: str) -> None:
        raise ConfigError(f"progress file {source}: {msg}")

    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        fail(f"not a genlab progress export (expected \"format\": \"{EXPORT_FORMAT}\")")
    if data.get("version") != EXPORT_VERSION:
        fail(f"export version {data.get('version')!r} is not supported (expected {EXPORT_VERSION})")
    for table, fields in _EXPORT_FIELDS.items():
        rows = data.get(table)
        if rows is None and table in _OPTIONAL_TABLES:
            continue
        if not isinstance(rows, list):
            fail(f"{table!r} must be a list")
        for i, row in enumerate(rows):
            where = f"{table}[{i}]"
            if not isinstance(row, dict):
                fail(f"{where} must be an object")
            for name, types in fields.items():
                if name not in row:
                    fail(f"{where}: missing field {name!r}")
                value = row[name]
                if not isinstance(value, types) or isinstance(value, bool):
                    fail(f"{where}: field {name!r} has the wrong type")
                if name in _TIMESTAMPS and value is not None:
                    try:
                        from_iso(value)
                    except ValueError:
                        fail(f"{where}: {name} {value!r} is not an ISO timestamp")
            extra = set(row) - set(fields)
            if extra:
                fail(f"{where}: unknown field {sorted(extra)[0]!r}")
            if table == "milestones" and row["status"] not in STATUSES:
                fail(f"{where}: unknown status {row['status']!r}")
            if table == "exercises" and row["status"] not in EXERCISE_STATUSES:
                fail(f"{where}: unknown exercise status {row['status']!r}")
            if table == "journal" and row["kind"] not in ("status", "note"):
                fail(f"{where}: unknown kind {row['kind']!r}")
    ids = [row["milestone_id"] for row in data["milestones"]]
    if len(ids) != len(set(ids)):
        fail("a milestone appears twice")
    exercise_ids = [row["exercise_id"] for row in data["exercises"]]
    if len(exercise_ids) != len(set(exercise_ids)):
        fail("an exercise appears twice")
    ticks = [(row["milestone_id"], row["activity"]) for row in data["ticks"]]
    if len(ticks) != len(set(ticks)):
        fail("a ticked activity appears twice")
