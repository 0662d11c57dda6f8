"""Progress backed by evidence: rules in the curriculum, genlab verify on runs folders with known answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from genlab.roadmap.errors import CurriculumError
from genlab.roadmap.evidence import Sources, check, gather, verify
from genlab.roadmap.loader import load_curriculum
from genlab.roadmap.progress import ProgressStore
from tests.conftest import run_cli

CURRICULUM = load_curriculum()


def fake_run(root: Path, name: str, model: str, metrics: dict, status="finished", dataset="fashion-mnist",
             card=False, audit=False) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text("")
    info = {"status": status, "model": model, "dataset": dataset, "metrics": metrics}
    (folder / "run.json").write_text(json.dumps(info))
    if card:
        (folder / "model-card.md").write_text("# card")
    if audit:
        (folder / "audit").mkdir()
        (folder / "audit" / "balance.json").write_text("{}")
    return folder


def test_every_technical_milestone_has_checkable_evidence_and_mastery_ones_reflective():
    for m in CURRICULUM.milestones:
        rules = [a.rule for a in m.activities if a.rule]
        if m.id <= 15:
            assert rules, f"milestone {m.id} has no activity genlab can check"
        else:
            assert rules and all(r["kind"] in ("journal", "file") for r in rules), m.id


def test_evidence_rules_name_exercises_and_models_that_exist():
    from genlab.exercises.catalog import load_catalog
    from genlab.models import MODELS

    exercises = {e.id for e in load_catalog()}
    for m in CURRICULUM.milestones:
        for a in m.activities:
            rule = a.rule or {}
            if rule.get("kind") == "exercise":
                assert rule["id"] in exercises, (m.id, rule)
            if rule.get("kind") == "guide":
                from genlab.guides import GUIDES

                assert rule["id"] in GUIDES, (m.id, rule)
            if rule.get("model"):
                assert rule["model"] in MODELS, (m.id, rule)


def test_a_bad_rule_is_a_curriculum_error(tmp_path):
    from genlab.roadmap.loader import PACKAGED_CURRICULUM

    text = PACKAGED_CURRICULUM.read_text().replace('evidence = { kind = "sweep", trials = 5 }', 'evidence = { kind = "sweep" }')
    bad = tmp_path / "c.toml"
    bad.write_text(text)
    with pytest.raises(CurriculumError, match="sweep evidence needs trials"):
        load_curriculum(bad)


def test_rules_are_met_by_the_right_runs_only(tmp_path):
    runs = tmp_path / "runs"
    fake_run(runs, "vae-good", "vae", {"test/nelbo": 250.0})
    fake_run(runs, "vae-bad", "vae", {"test/nelbo": 300.0})
    fake_run(runs, "diff-crashed", "diffusion", {"test/fid": 10.0}, status="failed")
    fake_run(runs, "own", "dcgan", {}, dataset="folder:/home/me/cats", card=True, audit=True)
    src = Sources(runs=[])
    with ProgressStore(tmp_path / "p.db") as store:
        src = gather([runs], store, tmp_path)
    assert check({"kind": "run", "model": "vae", "metric": "test/nelbo", "max": 260.0}, 7, src).endswith("vae-good")
    assert check({"kind": "run", "model": "vae", "metric": "test/nelbo", "max": 200.0}, 7, src) is None
    assert check({"kind": "run", "model": "diffusion"}, 9, src) is None  # not finished
    assert check({"kind": "run", "dataset": "folder:*"}, 5, src).endswith("own")
    assert check({"kind": "card"}, 13, src).endswith("own/model-card.md")
    assert check({"kind": "audit"}, 13, src).endswith("own")
    assert check({"kind": "sweep", "trials": 2}, 10, src) is None


def test_verify_records_evidence_and_marks_a_shown_milestone_done(tmp_path):
    runs = tmp_path / "runs"
    sweep = runs / "sweeps" / "lr"
    for i in range(5):
        fake_run(sweep / "trials", f"trial-{i:03d}", "vae", {"test/nelbo": 250.0 + i})
    fake_run(runs, "opt", "vae", {})
    (runs / "optimizers-vae-1").mkdir()
    (runs / "optimizers-vae-1" / "results.md").write_text("| |")
    with ProgressStore(tmp_path / "p.db") as store:
        findings = verify(CURRICULUM, store, gather([runs], store, tmp_path), milestone=10)
        assert [f.met for f in findings] == [True, True]
        assert store.evidence()[(10, 1)].endswith("sweeps/lr")
        assert store.milestones()[10].status == "done"
        assert "shown by genlab verify" in store.journal(10)[-1].note


def test_exercises_and_journal_words_count(tmp_path):
    with ProgressStore(tmp_path / "p.db") as store:
        store.record_exercise("numpy-broadcasting", 1, "passed")
        store.record_exercise("pandas-groupby", 1, "failing")
        store.add_note(14, "word " * 399)
        src = gather([], store, tmp_path)
        findings = {(f.milestone, f.activity): f for f in verify(CURRICULUM, store, src, record=False)}
    assert findings[(1, 3)].met and not findings[(1, 4)].met
    assert not findings[(14, 1)].met  # 399 of 400 words
    assert "journal notes of at least 400 words" in findings[(14, 1)].wanted


def test_cli_verify_and_progress_done_say_what_nothing_shows(tmp_path):
    runs = tmp_path / "runs"
    fake_run(runs, "vae-1", "vae", {"test/nelbo": 255.0, "test/bpd": 0.4})
    out = run_cli("verify", "7", "--runs-dir", str(runs), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "7.1  ✓  shown by" in out.stdout and "7.3  ·  not shown yet: a finished wgan run" in out.stdout
    assert "1 of 3 checkable activities" in out.stdout
    done = run_cli("progress", "13", "done", cwd=tmp_path)
    assert done.returncode == 0 and "nothing shows activity 1 yet" in done.stdout
    data = json.loads(run_cli("verify", "--json", "--runs-dir", str(runs), cwd=tmp_path).stdout)
    assert {"milestone", "activity", "met", "shown_by", "wanted"} <= set(data[0])


def test_the_milestone_view_says_what_showed_each_activity(tmp_path):
    runs = tmp_path / "runs"
    fake_run(runs, "vae-1", "vae", {"test/nelbo": 255.0})
    assert run_cli("verify", "7", "--runs-dir", str(runs), cwd=tmp_path).returncode == 0
    out = " ".join(run_cli("milestone", "7", cwd=tmp_path, env={"COLUMNS": "400"}).stdout.split())
    assert "shown by your work:" in out and "vae-1" in out
    assert "genlab verify checks: a finished wgan run" in out


def test_a_guide_counts_once_it_was_executed(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    (tmp_path / "guides").mkdir()
    nbformat.write(nb, tmp_path / "guides" / "vae.ipynb")
    src = Sources(root=tmp_path)
    assert check({"kind": "guide", "id": "vae"}, 4, src) is None  # written but never run
    nb.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
    nbformat.write(nb, tmp_path / "guides" / "vae.ipynb")
    assert check({"kind": "guide", "id": "vae"}, 4, src).endswith("guides/vae.ipynb")


def test_a_new_curriculum_version_moves_ticks_and_evidence_and_never_drops_them(tmp_path):
    with ProgressStore(tmp_path / "p.db") as store:
        assert store.follow_curriculum(1, ()) == []  # an old database starts at version 1
        store.tick(7, 3)
        store.tick(7, 2)
        store.record_evidence(7, 3, "runs/wgan-1")
        moves = ((2, 7, 3, 4), (2, 7, 2, 0))  # version 2: activity 3 became 4, activity 2 went
        changes = store.follow_curriculum(2, moves)
        assert store.ticks()[7] == {4} and store.evidence() == {(7, 4): "runs/wgan-1"}
        notes = [e.note for e in store.journal(7) if e.kind == "note"]
        assert any("removed activity 2; your tick is kept here" in n for n in notes)
        assert len(changes) == 3
        assert store.follow_curriculum(2, moves) == []  # applied once
        assert store.ticks()[7] == {4}


def test_the_curriculum_checks_its_moves(tmp_path):
    from genlab.roadmap.loader import PACKAGED_CURRICULUM

    text = PACKAGED_CURRICULUM.read_text()
    assert load_curriculum().version == 1 and load_curriculum().moves == ()
    bad = tmp_path / "c.toml"
    bad.write_text("version = 2\n" + text + "\n[[moves]]\nversion = 3\nmilestone = 7\nold = 1\nnew = 2\n")
    with pytest.raises(CurriculumError, match="move to version 3, but the curriculum is version 2"):
        load_curriculum(bad)
    bad.write_text("version = 2\n" + text + "\n[[moves]]\nversion = 2\nmilestone = 7\nold = 1\nnew = 9\n")
    with pytest.raises(CurriculumError, match="milestone 7 has activities 1-4, not 9"):
        load_curriculum(bad)
    bad.write_text("version = 2\n" + text + "\n[[moves]]\nversion = 2\nmilestone = 7\nold = 4\nnew = 1\n")
    assert load_curriculum(bad).moves == ((2, 7, 4, 1),)


def test_evidence_and_review_state_travel_in_an_export(tmp_path):
    with ProgressStore(tmp_path / "a.db") as a:
        a.record_evidence(13, 1, "runs/vae/model-card.md")
        a.save_review("kl-shift", '{"due": "2026-12-01T00:00:00+00:00"}', True)
        data = a.export_data()
    with ProgressStore(tmp_path / "b.db") as b:
        counts = b.import_data(data)
        assert counts["evidence"] == 1 and counts["reviews"] == 1
        assert b.evidence() == {(13, 1): "runs/vae/model-card.md"} and "kl-shift" in b.review_states()
        older = {k: v for k, v in data.items() if k not in ("evidence", "reviews")}
        b.import_data(older)  # an export of an older genlab: those tables stay as they are
        assert b.evidence() == {(13, 1): "runs/vae/model-card.md"}


def test_a_fair_comparison_needs_the_same_data_metric_and_sample_count(tmp_path):
    runs = tmp_path / "runs"
    fake_run(runs, "a-dcgan", "dcgan", {"test/fid": 40.0, "test/eval_samples": 10000.0})
    fake_run(runs, "b-diffusion", "diffusion", {"test/fid": 30.0, "test/eval_samples": 2000.0})
    with ProgressStore(tmp_path / "p.db") as store:
        src = gather([runs], store, tmp_path)
        assert check({"kind": "compare", "metric": "test/fid"}, 9, src) is None  # 10,000 vs 2,000 samples
        fake_run(runs, "c-cgan", "cgan", {"test/fid": 20.0, "test/eval_samples": 10000.0})
        src = gather([runs], store, tmp_path)
    shown = check({"kind": "compare", "metric": "test/fid"}, 9, src)
    assert shown.endswith("a-dcgan vs " + str(runs / "c-cgan"))
    assert check({"kind": "compare", "model": "vae", "metric": "test/nelbo"}, 5, src) is None
