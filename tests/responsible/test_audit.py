"""``genlab audit`` and ``genlab card`` on real (tiny) runs: files, report, card, errors."""

from __future__ import annotations

import json

import pytest

import genlab
from genlab.errors import ConfigError
from genlab.responsible.provenance import read

from ..conftest import SHARED_DATA, needs_fashion, run_cli


@pytest.fixture(scope="module")
def vae_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("runs")
    return genlab.train("vae", dataset="digits", steps=60, set={"model.latent_dim": 4}, runs_dir=root, quiet=True)


def test_the_audit_writes_one_json_per_audit_a_report_section_and_run_json(vae_run):
    audits = vae_run.audit(samples=200, members=200, cells=4)
    names = [a.name for a in audits]
    assert names == ["balance", "memorization", "membership", "interpretability"]
    by = {a.name: a for a in audits}
    assert by["balance"].skipped and "no feature classifier" in by["balance"].skipped   # 8x8 digits
    assert "C_T = " in by["memorization"].summary and by["memorization"].result["embedding"].startswith("raw pixels")
    assert 0 <= by["membership"].result["auc"] <= 1
    assert by["interpretability"].result["active_dims"] <= 4
    folder = vae_run.path / "audit"
    for name in names:
        saved = json.loads((folder / f"{name}.json").read_text())
        assert saved["audit"] == name and saved["step"] == 60
    for png in ("memorization-closest.png", "membership-roc.png", "latent-traversals.png"):
        record, matches = read(folder / png)
        assert matches and record["what"].startswith("audit")
    assert set(vae_run.info["audits"]) == set(names)
    html = vae_run.report_path.read_text()
    assert "<h2>Audits</h2>" in html and "C_T = " in html


def test_the_model_card_quotes_data_licence_metrics_audits_and_privacy(vae_run):
    vae_run.audit(only=["membership"], members=100)
    text = vae_run.card().read_text()
    for part in ("# Model card", "## Intended use", "Out of scope", "CC BY 4.0", "`test/nelbo` (key metric)",
                 "## Audits", "**membership**: loss-threshold attack AUC", "without differential privacy",
                 "(to fill in)"):
        assert part in text, part


def test_the_cli_prints_a_line_per_audit_and_refuses_bad_requests_in_one_line(vae_run):
    ok = run_cli("audit", str(vae_run.path), "--only", "memorization,membership", "--samples", "100",
                 "--members", "50", "--cells", "3")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("memorization: C_T") and "membership: loss-threshold" in ok.stdout
    for args, message in [(["--only", "bias"], "unknown audit 'bias'"),
                          (["--only", "text"], "does not apply to a vae run"),
                          (["--only", "balance"], "cannot run on this run"),
                          (["--samples", "5"], "--samples must be between 20")]:
        bad = run_cli("audit", str(vae_run.path), *args)
        assert bad.returncode == 2 and message in bad.stderr and bad.stderr.count("\n") == 1, bad.stderr
    card = run_cli("card", str(vae_run.path))
    assert card.returncode == 0 and (vae_run.path / "model-card.md").is_file()


def test_an_overfit_vae_leaks_membership(tmp_path):
    """64 training images, many steps: the attack must see them (AUC well above chance)."""
    run = genlab.train("vae", dataset="digits", steps=600, batch_size=64,
                       set={"data.limit_train": 64, "model.hidden_dim": 256, "train.eval_every": 600},
                       runs_dir=tmp_path, quiet=True)
    [audit] = run.audit(only=["membership"], members=64)
    assert audit.result["auc"] > 0.65, audit.summary   # chance: 0.5 +- 0.05 at 64 vs 64


def test_a_gan_has_no_membership_audit(tmp_path):
    run = genlab.train("dcgan", dataset="digits", steps=2, runs_dir=tmp_path, quiet=True)
    with pytest.raises(ConfigError, match="no per-example likelihood"):
        run.audit(only=["membership"], samples=40)


@pytest.mark.skipif(not (SHARED_DATA / "tinyshakespeare" / "input.txt").is_file(), reason="no Tiny Shakespeare")
def test_a_text_run_is_audited_for_verbatim_copying(tmp_path, monkeypatch):
    monkeypatch.setenv("GENLAB_TINYSHAKESPEARE", str(SHARED_DATA / "tinyshakespeare" / "input.txt"))
    run = genlab.train("char-rnn", dataset="tinyshakespeare", steps=20, runs_dir=tmp_path, quiet=True)
    [audit] = run.audit(passages=3, chars=60)
    assert audit.name == "text" and audit.result["samples"] == 3
    assert 1 <= audit.result["longest"] <= 60 and "training 50-gram" in audit.summary
    assert "longest verbatim overlap" in run.report_path.read_text()
    out = tmp_path / "generated.txt"
    result = run_cli("generate", str(run.path), "--tokens", "20", "--prompt", "ROMEO", "--out", str(out))
    assert result.returncode == 0, result.stderr
    record, matches = read(out)
    assert matches and record["run"] == run.name and out.read_text().startswith("ROMEO")


@needs_fashion
@pytest.mark.slow
def test_a_fashion_run_gets_every_image_audit_in_classifier_features(tmp_path):
    run = genlab.train("vae", steps=100, set={"data.limit_train": 3000, "data.limit_test": 1000},
                       runs_dir=tmp_path, quiet=True)
    audits = {a.name: a for a in run.audit(samples=300, members=200, cells=5)}
    assert not any(a.skipped for a in audits.values())
    assert audits["balance"].result["samples"] == 300 and len(audits["balance"].result["classes"]) == 10
    assert "classifier" in audits["memorization"].result["embedding"]
    assert len(audits["interpretability"].result["attributed_classes"]) == 16
    assert (run.path / "audit" / "attributions.png").is_file()


def test_files_made_by_training_and_sampling_record_their_provenance(vae_run, tmp_path):
    grid = sorted((vae_run.path / "samples").glob("samples-step-*.png"))[-1]
    record, matches = read(grid)
    assert matches and record["model"] == "vae" and record["run"] == vae_run.name and record["step"] == 60
    out = tmp_path / "drawn.png"
    vae_run.samples(8, seed=5).save(out)
    record, matches = read(out)
    assert matches and record["seed"] == 5 and record["step"] == 60 and record["run_path"] == str(vae_run.path.resolve())


def test_the_dashboard_run_page_shows_audits_privacy_and_the_card(vae_run, tmp_path):
    from fastapi.testclient import TestClient

    from genlab.dashboard.app import create_app

    vae_run.audit(only=["memorization", "membership"], samples=100, members=50, cells=3)
    vae_run.card()
    client = TestClient(create_app(vae_run.path.parent, tmp_path / "progress.db"))
    page = client.get(f"/runs/{vae_run.name}").text
    assert "Responsible AI" in page and "C_T = " in page and "data-card" in page and "# Model card" in page
    figure = client.get(f"/runs/{vae_run.name}/files/audit/membership-roc.png")
    assert figure.status_code == 200 and figure.headers["content-type"] == "image/png"


@pytest.mark.parametrize("recipe", ["autoencoder", "cvae", "diffusion"])
def test_interpretability_runs_on_every_kind_of_latent(tmp_path, recipe):
    run = genlab.train(recipe, dataset="digits", steps=2, runs_dir=tmp_path, quiet=True)
    if recipe == "diffusion":     # its latent is a noise image, and 8x8 digits have no classifier
        with pytest.raises(ConfigError, match="no latent vector to walk and no classifier"):
            run.audit(only=["interpretability"], samples=40)
        return
    [audit] = run.audit(only=["interpretability"], samples=40)
    assert (run.path / "audit" / "latent-traversals.png").is_file()
    assert ("active_dims" in audit.result) == (recipe == "cvae")   # only a posterior has active units
