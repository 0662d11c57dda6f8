"""The image labs from the command line: train, sample (with --class), interpolate, evaluate, and
one-line errors for bad input. Runs on scikit-learn's 8x8 digits, so no dataset is needed."""

import shutil
from pathlib import Path

import pytest

from tests.conftest import needs_fashion, run_cli

FAST = ["--dataset", "digits", "--steps", "4", "-q", "--set", "train.eval_every=2",
        "--set", "data.batch_size=32"]
SMALL = {"dcgan": ["--set", "model.channels=8"], "cgan": ["--set", "model.channels=8"],
         "wgan": ["--set", "model.channels=8"], "wgan-gp": ["--set", "model.channels=8"],
         "autoencoder": ["--set", "model.channels=8"], "cvae": ["--set", "model.channels=8"],
         "diffusion": ["--set", "model.channels=8", "--set", "model.sample_steps=3",
                       "--set", "model.timesteps=20"],
         "vae": ["--set", "model.hidden_dim=16"]}


def train(recipe: str, runs: Path) -> Path:
    extra = [] if recipe == "vae" else ["--set", "model.eval_samples=100"]
    proc = run_cli("train", recipe, *FAST, *extra, *SMALL[recipe], "--runs-dir", str(runs), "--name", recipe)
    assert proc.returncode == 0, proc.stderr
    [run] = [p for p in runs.iterdir() if p.name.startswith(recipe + "-2")]
    return run


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("runs")
    return {name: train(name, root) for name in ("cgan", "dcgan", "cvae")}


def one_line_error(proc, *words):
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_conditional_run_samples_a_class_interpolates_and_saves_a_gif(runs, tmp_path):
    run = runs["cgan"]
    out = tmp_path / "three.png"
    proc = run_cli("sample", str(run), "--class", "3", "-n", "8", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.is_file() and out.stat().st_size > 0
    walk = tmp_path / "walk.png"
    proc = run_cli("interpolate", str(run), "--rows", "3", "--steps", "5", "--out", str(walk), "--class", "1")
    assert proc.returncode == 0, proc.stderr
    assert walk.is_file()
    assert (run / "samples" / "samples-across-training.gif").is_file()
    assert (run / "samples" / "classes-across-training.gif").is_file()


def test_class_out_of_range_is_one_line(runs, tmp_path):
    proc = run_cli("sample", str(runs["cgan"]), "--class", "10", "--out", str(tmp_path / "x.png"))
    one_line_error(proc, "class 10", "out of range", "0..9")


def test_class_for_a_non_conditional_model_is_one_line(runs, tmp_path):
    proc = run_cli("sample", str(runs["dcgan"]), "--class", "1", "--out", str(tmp_path / "x.png"))
    one_line_error(proc, "dcgan", "not class-conditional")
    proc = run_cli("interpolate", str(runs["dcgan"]), "--class", "1", "--out", str(tmp_path / "x.png"))
    one_line_error(proc, "not class-conditional")


def test_guidance_can_be_changed_at_sampling_only_where_the_model_learnt_it(runs, tmp_path):
    out = tmp_path / "guided.png"
    for w in ("1", "5"):        # the cvae recipe trains with label dropout
        proc = run_cli("sample", str(runs["cvae"]), "--class", "2", "-n", "4", "--guidance", w, "--out", str(out))
        assert proc.returncode == 0 and out.is_file(), proc.stderr
    proc = run_cli("sample", str(runs["cgan"]), "--guidance", "2", "--out", str(out))
    one_line_error(proc, "guidance needs", "'cgan'")
    proc = run_cli("sample", str(runs["cvae"]), "--guidance", "-1", "--out", str(out))
    one_line_error(proc, "guidance must be between 0 and 20")


def test_guidance_sweep_prints_one_line_per_scale(runs):
    import json
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "guidance.py"
    proc = subprocess.run([sys.executable, str(script), str(runs["cvae"]), "--scales", "1", "2", "--samples", "100"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["guidance"] for line in lines] == [1.0, 2.0] and lines[0]["model"] == "cvae"
    proc = subprocess.run([sys.executable, str(script), str(runs["cgan"])], capture_output=True, text=True)
    one_line_error(proc, "guidance needs")


def test_sampling_a_run_without_checkpoint_is_one_line(runs, tmp_path):
    bare = tmp_path / "bare"
    shutil.copytree(runs["dcgan"], bare)
    shutil.rmtree(bare / "checkpoints")
    proc = run_cli("sample", str(bare), "--out", str(tmp_path / "x.png"))
    one_line_error(proc, "no checkpoint")
    proc = run_cli("interpolate", str(bare), "--out", str(tmp_path / "x.png"))
    one_line_error(proc, "no checkpoint")


@needs_fashion
def test_evaluating_against_a_dataset_of_another_shape_is_one_line(runs):
    proc = run_cli("evaluate", str(runs["dcgan"]), "--dataset", "fashion-mnist")
    one_line_error(proc, "shape", "(1, 28, 28)", "(1, 8, 8)")


@pytest.mark.slow
@pytest.mark.parametrize("recipe", ["autoencoder", "cvae", "wgan", "wgan-gp", "diffusion", "vae"])
def test_every_recipe_trains_and_walks_from_the_command_line(recipe, tmp_path):
    run = train(recipe, tmp_path / "lab-runs")
    out = tmp_path / "walk.png"   # loads the checkpoint and generates: what sample does, and more
    proc = run_cli("interpolate", str(run), "--rows", "2", "--steps", "3", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.is_file()
    assert (run / "report.html").is_file()
