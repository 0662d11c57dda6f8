"""The progress store: statuses, journal, exercises, ticks, export/import, corruption, migrations."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timezone

import pytest

from genlab.errors import ConfigError
from genlab.roadmap.errors import CorruptDatabaseError, ProgressDBError
from genlab.roadmap.progress import (APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, ProgressStore,
                                     normalize_status)


def noon(month, day):
    return datetime(2026, month, day, 12, tzinfo=timezone.utc)


def test_reading_creates_nothing(store):
    assert store.milestones() == {} and store.journal() == [] and store.exercise_statuses() == {}
    assert not store.path.exists()


def test_default_path_honours_genlab_home(tmp_path):
    assert ProgressStore().path == tmp_path / "home" / "progress.db"  # conftest sets the home


def test_status_changes_and_dates(store):
    store.set_status(7, "in-progress", at=noon(1, 5))
    store.set_status(7, "in-progress", at=noon(1, 9))   # keeps the first start
    store.set_status(7, "done", note="ELBO matches", at=noon(2, 1))
    p = store.milestones()[7]
    assert (p.status, p.started_at, p.finished_at) == ("done", noon(1, 5), noon(2, 1))
    store.set_status(7, "reset")
    p = store.milestones()[7]
    assert (p.status, p.started_at, p.finished_at) == ("not-started", None, None)
    assert [(e.status, e.note) for e in store.journal(7)] == [
        ("in-progress", None), ("in-progress", None), ("done", "ELBO matches"),
        ("not-started", None)]


def test_finish_before_start_is_refused(store):
    store.set_status(3, "in-progress", at=noon(3, 1))
    with pytest.raises(ConfigError, match="cannot be finished earlier"):
        store.set_status(3, "done", at=noon(2, 1))
    assert store.milestones()[3].status == "in-progress"  # nothing written


def test_status_words():
    assert normalize_status("skip") == "skipped"
    assert normalize_status("reset") == "not-started"
    assert normalize_status(" In-Progress ") == "in-progress"
    with pytest.raises(ConfigError, match="unknown status 'finished'; choose one of: "):
        normalize_status("finished")


def test_notes_ticks_and_exercises(store):
    store.add_note(None, "started the roadmap", at=noon(1, 1))
    store.add_note(2, "eigenvectors finally make sense", at=noon(1, 3))
    with pytest.raises(ConfigError):
        store.add_note(2, "   ")
    assert [e.note for e in store.journal()] == ["started the roadmap",
                                                  "eigenvectors finally make sense"]
    store.tick(13, 1)
    store.tick(13, 3)
    store.tick(13, 3)
    store.tick(13, 1, done=False)
    assert store.ticks() == {13: {3}}
    store.record_exercise("attention", 8, "failing")
    store.record_exercise("attention", 8, "passed")
    store.record_exercise("elbo", 7, "gave-up")
    assert store.exercise_statuses() == {"attention": "passed", "elbo": "gave-up"}
    with pytest.raises(ConfigError, match="unknown exercise status"):
        store.record_exercise("elbo", 7, "done")


def test_export_import_round_trip(store, tmp_path):
    store.set_status(1, "in-progress", at=noon(1, 1))
    store.set_status(1, "done", note="ok, done", at=noon(2, 1))
    store.set_status(4, "skip")
    store.add_note(None, "ünïcode note")
    store.tick(1, 2)
    store.record_exercise("attention", 8, "passed")
    exported = store.export_data()
    text = json.dumps(exported)

    other = ProgressStore(tmp_path / "elsewhere" / "progress.db")
    other.set_status(9, "done")  # replaced by the import
    counts = other.import_data(json.loads(text))
    assert counts == {"milestones": 2, "journal": 4, "exercises": 1, "ticks": 1, "evidence": 0, "reviews": 0}
    again = other.export_data()
    exported.pop("exported_at"), again.pop("exported_at")
    assert again == exported
    assert other.snapshot() == store.snapshot()
    other.close()


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.update(format="something"), "not a genlab progress export"),
    (lambda d: d.update(version=9), "export version 9 is not supported"),
    (lambda d: d["milestones"][0].update(status="finished"), "milestones[0]: unknown status"),
    (lambda d: d["milestones"][0].pop("updated_at"), "milestones[0]: missing field 'updated_at'"),
    (lambda d: d["milestones"][0].update(milestone_id="1"), "field 'milestone_id' has the wrong"),
    (lambda d: d["journal"][0].update(at="yesterday"), "journal[0]: at 'yesterday' is not an ISO"),
    (lambda d: d["milestones"].append(dict(d["milestones"][0])), "a milestone appears twice"),
])
def test_import_rejects_bad_files_without_touching_the_db(store, mutate, message):
    store.set_status(1, "done")
    data = store.export_data()
    mutate(data)
    with pytest.raises(ConfigError, match=re.escape(message)):
        store.import_data(data, "file.json")
    assert store.milestones()[1].status == "done"


def test_corrupted_file_is_backed_up_and_only_replaced_on_request(store):
    store.path.parent.mkdir(parents=True)
    garbage = b"this is not a database, it is a shopping list\n" * 200
    store.path.write_bytes(garbage)
    with pytest.raises(CorruptDatabaseError) as info:
        store.milestones()
    message = str(info.value)
    backup = info.value.backup
    assert "\n" not in message and str(backup) in message and "genlab progress repair" in message
    assert backup.read_bytes() == garbage
    assert store.path.read_bytes() == garbage          # left as it was
    with pytest.raises(CorruptDatabaseError):
        store.set_status(1, "done")                     # writes refuse too
    assert sorted(p.name for p in store.path.parent.iterdir()) == sorted(
        ["progress.db", backup.name])                   # no second copy of the same file

    assert store.repair() == backup
    assert store.milestones() == {} and backup.read_bytes() == garbage
    store.set_status(1, "done")
    assert store.repair() is None                       # healthy: nothing happens
    assert store.milestones()[1].status == "done"


def test_damaged_pages_are_detected(store):
    for i in range(1, 24):
        store.set_status(i, "done", note="x" * 2000)
    store.close()
    with sqlite3.connect(store.path) as conn:  # fold the WAL into the main file
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(store.path.read_bytes())
    for offset in range(4096, len(data), 4096):  # scribble over every page header but the first
        data[offset:offset + 16] = b"\xff" * 16
    store.path.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError, match="is not usable"):
        ProgressStore(store.path).journal()


def test_foreign_sqlite_database_is_not_touched(store):
    store.path.parent.mkdir(parents=True)
    with sqlite3.connect(store.path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")
    before = store.path.read_bytes()
    with pytest.raises(CorruptDatabaseError, match="SQLite database that genlab did not create"):
        store.snapshot()
    assert store.path.read_bytes() == before


def test_newer_schema_is_refused_without_backup(store):
    store.path.parent.mkdir(parents=True)
    with sqlite3.connect(store.path) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.execute("CREATE TABLE future (x)")
    with pytest.raises(ProgressDBError, match="newer than this genlab understands") as info:
        store.milestones()
    assert not isinstance(info.value, CorruptDatabaseError)
    with pytest.raises(ProgressDBError):
        store.repair()                                  # never replaced
    assert list(store.path.parent.iterdir()) == [store.path]


def test_migration_from_version_1_keeps_data(store):
    store.path.parent.mkdir(parents=True)
    with sqlite3.connect(store.path) as conn:
        for statement in MIGRATIONS[1]:
            conn.execute(statement)
        conn.execute("INSERT INTO milestone_status VALUES (5, 'done', NULL, "
                     "'2026-01-01T12:00:00+00:00', '2026-01-01T12:00:00+00:00')")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")
    assert store.milestones()[5].status == "done"
    store.record_exercise("attention", 8, "passed")     # a table added by version 2
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sqlite_error_names_without_python_311_attributes():
    """Python 3.10's sqlite3 errors have no ``sqlite_errorname``: the message decides."""
    import sqlite3

    from genlab.roadmap.progress import error_name

    assert error_name(sqlite3.DatabaseError("file is not a database")) == "SQLITE_NOTADB"
    assert error_name(sqlite3.OperationalError("database is locked")) == "SQLITE_BUSY"
    assert error_name(sqlite3.OperationalError("no such table: x")) == ""
