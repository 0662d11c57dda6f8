"""`genlab check ID --train`: the learner's function trained inside the real lab."""

import dataclasses
import shutil
from pathlib import Path

import pytest

from genlab.exercises import train as train_mod
from genlab.config import recipe_names
from genlab.exercises.catalog import get, load_catalog
from genlab.exercises.workspace import Workspace

LIBRARY = Path(train_mod.__file__).parent / "library"
TINY = ("data.dataset=digits", "train.steps=40", "model.hidden_dim=32", "model.eval_iw_samples=2",
        "train.num_samples=4")


@pytest.fixture
def tiny_plugs(monkeypatch):
    plug = train_mod.PLUGS["vae-reparam-kl"]
    monkeypatch.setitem(train_mod.PLUGS, "vae-reparam-kl", train_mod.Plug(plug.recipe, plug.targets, TINY))


def learner_workspace(tmp_path, source: str) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    ex = get("vae-reparam-kl")
    path = ws.file_for(ex)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(LIBRARY / "vae-reparam-kl" / source, path)
    return ws


def test_reference_solution_trains_exactly_like_genlab(tmp_path, tiny_plugs):
    out = train_mod.train_with_learner_code(get("vae-reparam-kl"), learner_workspace(tmp_path, "solution.py"))
    assert out["metric"] == "test/nelbo"
    assert out["yours"] == pytest.approx(out["reference"], rel=1e-5)


def test_a_wrong_solution_shows_in_the_metric(tmp_path, tiny_plugs):
    wrong = sorted(p.name for p in (LIBRARY / "vae-reparam-kl").glob("wrong_*.py"))[0]
    out = train_mod.train_with_learner_code(get("vae-reparam-kl"), learner_workspace(tmp_path, wrong))
    assert out["yours"] is None or abs(out["yours"] - out["reference"]) > 1e-3


def test_every_plug_names_real_functions():
    import importlib

    # every exercise that names a lab is plugged into it (no "not wired up yet")
    assert {e.id for e in load_catalog() if e.train_recipe} == set(train_mod.PLUGS)
    for exercise_id, plug in train_mod.PLUGS.items():
        ex = get(exercise_id)
        assert ex.train_recipe == plug.recipe
        assert plug.recipe in recipe_names()
        for name, target in plug.targets.items():
            assert name in ex.functions
            module, attr = target.split(":")
            owner = importlib.import_module(module)
            for part in attr.split("."):
                owner = getattr(owner, part)
            assert callable(owner), target


IMAGE_PLUGS = ["gan-losses", "gradient-penalty", "ddpm-forward-loss", "hinge-loss", "ddim-step",
               "flow-matching-loss", "vector-quantizer"]


@pytest.mark.slow
@pytest.mark.parametrize("exercise_id", IMAGE_PLUGS)
def test_image_labs_train_with_the_reference_solution(exercise_id, tmp_path, monkeypatch):
    """Each image plug trains (a few steps) with the learner's file plugged in."""
    from tests.conftest import FASHION_DIR

    if not FASHION_DIR.is_dir():
        pytest.skip("Fashion-MNIST not installed")
    out = train_reference_solution(exercise_id, tmp_path, monkeypatch,
                                   ("train.steps=3", "data.limit_train=256", "data.limit_test=256",
                                    "model.eval_samples=100", "train.num_samples=4"))
    assert out["yours_status"] == "finished" and out["yours"] is not None and out["reference"] is not None
    if exercise_id in ("hinge-loss", "ddim-step", "flow-matching-loss", "vector-quantizer"):  # same arithmetic
        assert out["yours"] == pytest.approx(out["reference"], rel=1e-4)


@pytest.mark.slow
@pytest.mark.parametrize("exercise_id", ["causal-self-attention", "top-p-sampling", "temperature-and-top-k",
                                         "bpe-merge"])
def test_gpt_plugs_with_the_reference_solution(exercise_id, tmp_path, monkeypatch):
    """The learner's attention trains the GPT; the learner's top-p samples the same text."""
    from tests.conftest import SHARED_DATA

    corpus = SHARED_DATA / "tinyshakespeare" / "input.txt"
    if not corpus.is_file():
        pytest.skip("Tiny Shakespeare not present")
    monkeypatch.setenv("GENLAB_TINYSHAKESPEARE", str(corpus))
    out = train_reference_solution(exercise_id, tmp_path, monkeypatch,
                                   ("train.steps=4", "model.eval_windows=16", "model.n_layer=1"))
    assert out["yours"] == pytest.approx(out["reference"], rel=1e-3)
    if exercise_id in ("top-p-sampling", "temperature-and-top-k"):
        assert out["texts"]["your"] == out["texts"]["reference"]


@pytest.mark.slow
def test_the_vae_trains_with_the_learners_adam(tmp_path, monkeypatch):
    """The learner's adam_step as the VAE's optimizer: the same test NELBO as torch's Adam."""
    out = train_reference_solution("adam-update", tmp_path, monkeypatch, TINY)
    assert out["metric"] == "test/nelbo" and out["yours_status"] == "finished"
    assert out["yours"] == pytest.approx(out["reference"], rel=1e-3)


@pytest.mark.slow
def test_the_convlstm_lab_trains_with_the_learners_cell(tmp_path, monkeypatch):
    """The learner's ConvLSTM cell inside the convlstm video lab: the same score as genlab's."""
    out = train_reference_solution("convlstm-cell", tmp_path, monkeypatch,
                                   ("data.dataset=moving-digits", "train.steps=3", "model.test_size=8",
                                    "model.hidden=[8]", "data.eval_batch_size=8", "train.num_samples=2"))
    assert out["metric"] == "test/mse" and out["yours_status"] == "finished"
    assert out["yours"] == pytest.approx(out["reference"], rel=1e-4)


def train_reference_solution(exercise_id, tmp_path, monkeypatch, tiny_overrides):
    """Put the exercise's reference solution in a workspace and train its lab with a tiny recipe."""
    plug = train_mod.PLUGS[exercise_id]
    monkeypatch.setitem(train_mod.PLUGS, exercise_id,
                        dataclasses.replace(plug, overrides=plug.overrides + tiny_overrides))
    ex = get(exercise_id)
    ws = Workspace(tmp_path / "ws")
    path = ws.file_for(ex)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(LIBRARY / exercise_id / "solution.py", path)
    return train_mod.train_with_learner_code(ex, ws)


def test_load_learner_function(workspace):
    import torch

    from genlab.errors import GenlabError
    from genlab.exercises.train import load_learner_function

    ex = get("vae-reparam-kl")
    Workspace(workspace).start(ex)
    shutil.copy(ex.solution_path, workspace / ex.file_name)
    fn = load_learner_function("vae-reparam-kl", workspace)
    z = fn(torch.zeros(2, 3), torch.zeros(2, 3), torch.ones(2, 3))
    assert torch.equal(z, torch.ones(2, 3))
    kl = load_learner_function("vae-reparam-kl", workspace, "kl_to_standard_normal")
    assert kl(torch.zeros(2, 3), torch.zeros(2, 3)).shape == (2,)
    with pytest.raises(GenlabError):
        load_learner_function("gan-losses", workspace)  # not started
