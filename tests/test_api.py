"""The Python API (genlab.train, load, runs, compare, sweep): the CLI's verbs as functions."""

from __future__ import annotations

import subprocess
import sys

import pytest

import genlab
from genlab.errors import ConfigError, DataError, UnknownNameError

TINY = {"model.hidden_dim": 16, "model.eval_iw_samples": 2}


@pytest.fixture(scope="module")
def vae_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("runs")
    run = genlab.train("vae", dataset="digits", steps=30, quiet=True, set=TINY, runs_dir=root)
    return run, root


def test_import_genlab_stays_cheap():
    code = "import sys, genlab; genlab.__version__; assert 'torch' not in sys.modules and 'numpy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_train_returns_a_run_with_metrics_config_and_report(vae_run):
    run, _ = vae_run
    assert run.status == "finished"
    assert run.config["model"]["hidden_dim"] == 16 and run.config["train"]["steps"] == 30
    assert set(run.metrics) >= {"test/nelbo"} and run.metrics == run.fit.metrics
    assert run.report_path.is_file() and run.path.is_dir()
    assert run.history[-1]["step"] == 30


def test_samples_curves_and_html_display_inline(vae_run, tmp_path):
    run, _ = vae_run
    grid = run.samples(6, seed=1)
    assert len(grid) == 6 and tuple(grid.images.shape[1:]) == (1, 8, 8)
    assert grid._repr_png_().startswith(b"\x89PNG")
    assert grid.save(tmp_path / "s.png").stat().st_size > 0
    again = run.samples(6, seed=1)
    assert (again.images == grid.images).all()  # seeded
    fig = run.curves()
    assert [ax.get_title() for ax in fig.axes if ax.get_title()][0] == "train/loss"
    assert "<table>" in run._repr_html_() and "test/nelbo" in run._repr_html_()
    assert run.interpolate(rows=2, steps=3).images.shape[0] == 6


def test_load_runs_evaluate_and_compare(vae_run, tmp_path):
    run, root = vae_run
    assert genlab.load("last", runs_dir=root).path == run.path
    assert genlab.load(run) is run
    assert [r.path for r in genlab.runs(root)] == [run.path]
    metrics = run.evaluate(iw_samples=2, limit=50)
    assert "test/nelbo" in metrics
    second = genlab.train("vae", dataset="digits", steps=10, quiet=True, set={**TINY, "optim.lr": 3e-3},
                          runs_dir=root, name="second")
    cmp = genlab.compare(run, second, out=tmp_path / "c.png")
    assert cmp.differences["optim.lr"][1] == 3e-3 and cmp.curves_path.is_file()
    assert len(cmp.metrics["test/nelbo"]) == 2 and "<table>" in cmp._repr_html_()


def test_errors_are_genlabs_one_line_exceptions(tmp_path):
    with pytest.raises(ConfigError, match="model.colour: unknown setting"):
        genlab.train("vae", dataset="digits", set={"model.colour": 3}, runs_dir=tmp_path)
    with pytest.raises(UnknownNameError, match="unknown dataset 'cifar'"):
        genlab.train("vae", dataset="cifar", runs_dir=tmp_path)
    with pytest.raises(DataError):
        genlab.train("vae", dataset="mnist", data_dir=tmp_path / "nowhere", runs_dir=tmp_path)
    with pytest.raises(ConfigError, match="dict or a list"):
        genlab.train("vae", set="model.latent_dim=2", runs_dir=tmp_path)
    with pytest.raises(ConfigError, match="at least two"):
        genlab.compare("last", runs_dir=tmp_path)
    assert not any((tmp_path).iterdir())  # nothing refused left a run folder


def test_text_runs_generate(tmp_path):
    from tests.language.conftest import small_text

    corpus = tmp_path / "corpus.txt"
    corpus.write_text(small_text())
    run = genlab.train("char-rnn", dataset=str(corpus), steps=5, quiet=True, runs_dir=tmp_path / "runs",
                       set={"model.hidden": 16, "model.embed": 8, "model.n_layer": 1, "model.block_size": 16,
                            "model.bptt": 8, "model.sample_tokens": 10, "data.batch_size": 4,
                            "optim.warmup_steps": 1})
    text = run.generate("the ", tokens=20, seed=3)
    assert len(text) == 20 and text == run.generate("the ", tokens=20, seed=3)
    with pytest.raises(ConfigError, match="temperature"):
        run.generate(temperature=0)
    with pytest.raises(Exception, match="cannot|does not|no "):
        run.samples(4)


def test_set_values_become_toml_overrides():
    from genlab.api import overrides_from

    assert overrides_from({"model.mults": [1, 2], "data.data_dir": "a\"b", "train.tensorboard": True},
                          lr=0.01) == ['optim.lr=0.01', 'model.mults=[1, 2]', 'data.data_dir="a\\"b"',
                                       'train.tensorboard=true']
    assert overrides_from(["model.latent_dim=2"]) == ["model.latent_dim=2"]
