"""The roadmap commands end to end, as a learner would run them.

Most calls go through the real entry point in this process (``cli``) to keep the suite fast;
the tests marked "subprocess" run ``python -m genlab`` to check exit codes, stderr and imports
of a real process."""

from __future__ import annotations

import json

import icalendar
import pytest

from .conftest import assert_one_line_error, cli, genlab, raw_curriculum, write_toml


def run_json(*args: str, env: dict | None = None):
    proc = cli(*args, "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_genlab_alone_shows_the_roadmap():
    bare, explicit = genlab(), genlab("roadmap")
    assert bare.returncode == 0 and explicit.returncode == 0, bare.stderr + explicit.stderr
    assert bare.stdout == explicit.stdout
    for text in ("Generative AI roadmap", "Phase 1  Foundation", "Phase 4  Mastery",
                 "23  Community building", "current", "Next:"):
        assert text in bare.stdout


def test_a_learners_session(tmp_path):
    view = run_json("roadmap")
    assert [p["id"] for p in view["phases"]] == [1, 2, 3, 4]
    assert view["current_phase"] == 1 and view["next"]["milestone"] == 1

    assert cli("progress", "1", "in-progress", "--on", "2026-01-01").returncode == 0
    done = run_json("progress", "1", "done", "--on", "2026-03-01", "--note", "tutorial, CLI tool")
    assert done["status"] == "done" and done["next"]["milestone"] == 2
    assert cli("progress", "4", "skip").returncode == 0
    assert cli("tick", "2", "1").returncode == 0
    assert cli("journal", "--add", "a general note", "--on", "2026-03-02").returncode == 0

    phase1 = run_json("roadmap", "--phase", "1")["phases"]
    assert len(phase1) == 1
    statuses = {m["id"]: m["status"] for m in phase1[0]["milestones"]}
    assert statuses == {1: "done", 2: "not-started", 3: "not-started", 4: "skipped",
                        5: "not-started"}
    assert phase1[0]["percent"] == 25.0  # 1 done of 4 (the skipped one does not count)

    m2 = run_json("milestone", "2")
    assert m2["title"] == "Mathematics" and m2["estimated_hours"] == 117.0
    assert [a["ticked"] for a in m2["activities"]][:2] == [True, False]
    assert all(r["url"].startswith("https://") for r in m2["resources"])

    step = run_json("next")
    assert step["milestone"] == 2 and step["command"] == "genlab progress 2 in-progress"

    journal = run_json("journal")
    assert [(j["milestone"], j["status"], j["note"]) for j in journal] == [
        (1, "in-progress", None), (1, "done", "tutorial, CLI tool"), (None, None, "a general note"),
        (4, "skipped", None)]
    assert [j["note"] for j in run_json("journal", "1")] == [None, "tutorial, CLI tool"]

    plain = cli("milestone", "7")
    assert plain.returncode == 0
    for text in ("Why:", "genlab train vae", "available", "Checklist", "done when"):
        assert text in plain.stdout
    video = cli("milestone", "9").stdout
    assert "genlab predict" in video and "convlstm-cell" in video and "coming" not in video
    ethics = cli("milestone", "13").stdout
    assert "genlab audit last" in ethics and "dp-clip-and-noise" in ethics and "coming" not in ethics


def test_plan_with_exports(tmp_path):
    assert cli("progress", "1", "in-progress", "--on", "2026-01-01").returncode == 0
    assert cli("progress", "1", "done", "--on", "2026-05-01").returncode == 0
    md, ics = tmp_path / "plan.md", tmp_path / "plan.ics"
    plan = run_json("plan", "--hours-per-week", "8", "--start", "2026-06-01",
                    "--md", str(md), "--ics", str(ics), "--as-of", "2026-06-01")
    # 120 days at 8 h/week = 137.1 h used for 117 h estimated: pace 1.172
    assert plan["pace"]["factor"] == pytest.approx(120 / 7 * 8 / 117, abs=1e-3)
    assert plan["schedule"]["verdict"].endswith("behind")
    assert plan["items"][0]["milestone_id"] == 1 and plan["items"][0]["status"] == "done"
    assert plan["items"][1]["start"] == "2026-06-01"
    assert "month ranges read as a timeline" in plan["model"]
    assert md.read_text().startswith("# Study plan")
    events = [c for c in icalendar.Calendar.from_ical(ics.read_text()).walk()
              if c.name == "VEVENT"]
    assert len(events) == 22
    human = cli("plan", "-H", "8", "--start", "2026-06-01")
    assert human.returncode == 0 and "Phases compared with the roadmap" in human.stdout


def test_resources_by_topic():
    areas = run_json("resources", "--topic", "nlp")
    assert [a["id"] for a in areas] == ["nlp"]
    assert any("Transformer" in r["title"] for r in areas[0]["resources"])
    assert len(run_json("resources")) == 10


def test_export_and_import(tmp_path):
    export = tmp_path / "backup.json"
    assert cli("progress", "3", "done").returncode == 0
    assert cli("progress", "export", str(export)).returncode == 0
    assert cli("progress", "5", "in-progress").returncode == 0
    proc = cli("progress", "import", str(export))
    assert proc.returncode == 0, proc.stderr
    assert "previous progress is saved in" in proc.stdout
    statuses = {r["id"]: r["status"] for r in run_json("progress")}
    assert statuses[3] == "done" and statuses[5] == "not-started"
    saved = list((tmp_path / "home" / "backups").glob("progress-*.json"))
    assert len(saved) == 1 and '"milestone_id": 5' in saved[0].read_text()


def test_corrupted_database_then_repair(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.db").write_bytes(b"\x00garbage" * 500)
    line = assert_one_line_error(genlab("roadmap"), "is not usable", "a copy is kept at",
                                 "genlab progress repair")
    assert_one_line_error(cli("progress", "1", "done"), "is not usable")
    repaired = cli("progress", "repair")
    assert repaired.returncode == 0 and "the old file is kept at" in repaired.stdout
    backups = list(home.glob("progress.db.bad-*"))
    assert len(backups) == 1 and str(backups[0]) in line
    assert cli("roadmap").returncode == 0
    assert "healthy" in cli("progress", "repair").stdout


def test_custom_curriculum(tmp_path):
    data = raw_curriculum()
    data["title"] = "My class"
    good = write_toml(tmp_path / "class.toml", data)
    assert run_json("roadmap", "--curriculum", str(good))["title"] == "My class"
    assert run_json("next", env={"GENLAB_CURRICULUM": str(good)})["milestone"] == 1
    data["milestones"][1]["prerequisites"] = [42]
    bad = write_toml(tmp_path / "bad.toml", data)
    assert_one_line_error(cli("roadmap", "--curriculum", str(bad)),
                          "milestone 2: unknown prerequisite 42")


@pytest.mark.parametrize("args, fragments", [
    (["milestone", "99"], ["unknown milestone '99'; choose one of: 1, 10, 11"]),
    (["milestone", "seven"], ["a milestone id must be a number, not 'seven'"]),
    (["progress", "7", "finished"], ["unknown status 'finished'", "skip, reset"]),
    (["progress", "7"], ["give a status"]),
    (["progress", "99", "done"], ["unknown milestone '99'"]),
    (["progress", "frobnicate"], ["unknown progress action 'frobnicate'"]),
    (["progress", "7", "done", "--on", "yesterday"], ["invalid --on date 'yesterday'",
                                                      "YYYY-MM-DD"]),
    (["plan", "--hours-per-week", "8", "--start", "2026-13-01"], ["invalid --start date"]),
    (["plan", "--hours-per-week", "8", "--start", "01/12/2026"], ["invalid --start date"]),
    (["plan"], ["--hours-per-week"]),
    (["plan", "-H", "0"], ["hours per week must be more than 0"]),
    (["roadmap", "--phase", "9"], ["unknown phase '9'; choose one of: 1, 2, 3, 4"]),
    (["resources", "--topic", "cooking"], ["unknown topic 'cooking'", "nlp"]),
    (["tick", "7", "99"], ["milestone 7 has activities 1-4, not 99"]),
    (["progress", "import", "/nonexistent/x.json"], ["does not exist"]),
    (["roadmap", "--curriculum", "/nonexistent/c.toml"], ["curriculum file", "does not exist"]),
])
def test_bad_input_is_one_line(args, fragments):
    assert_one_line_error(cli(*args), *fragments)


@pytest.mark.parametrize("args, fragment", [
    (["milestone", "99"], "unknown milestone '99'"),
    (["plan", "-H", "8", "--start", "2026-02-30"], "invalid --start date '2026-02-30'"),
    (["progress", "7", "finished"], "unknown status 'finished'"),
])
def test_bad_input_in_a_real_process(args, fragment):
    """subprocess: exit code 2, one line on stderr, no traceback."""
    assert_one_line_error(genlab(*args), fragment)


def test_bad_import_file_is_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert_one_line_error(cli("progress", "import", str(bad)), "invalid JSON")
    bad.write_text('{"format": "other"}', encoding="utf-8")
    assert_one_line_error(cli("progress", "import", str(bad)), "not a genlab progress export")


@pytest.mark.parametrize("command", [["roadmap"], ["plan", "-H", "8"],
                                     ["progress", "2", "in-progress"]])
def test_no_heavy_imports_on_the_roadmap_path(command):
    """subprocess: no torch, numpy or matplotlib on the roadmap commands' path."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "genlab", *command],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-500:]
    modules = {line.split("|")[-1].strip().split(".")[0]
               for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert not modules & {"torch", "numpy", "matplotlib"}


def test_milestone_lists_its_guides_with_the_command_that_writes_them():
    m8 = run_json("milestone", "8")
    assert {g["name"] for g in m8["guides"]} >= {"char-rnn", "word2vec", "seq2seq", "gpt"}
    assert {g["command"] for g in m8["guides"]} >= {"genlab notebook gpt"}
    shown = genlab("milestone", "8")
    assert "genlab notebook seq2seq" in shown.stdout
