"""The command line: end to end on tiny data, and one clear line for every bad input."""

import json
import subprocess
import sys

import pytest
from PIL import Image

from tests.conftest import run_cli

TINY = ["--dataset", "digits", "--steps", "30", "-q", "--set", "model.hidden_dim=16",
        "--set", "model.eval_iw_samples=2"]


def assert_one_line_error(proc, *fragments, code=2):
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    err = proc.stderr.strip()
    assert "Traceback" not in proc.stderr
    assert len(err.splitlines()) == 1, err
    assert err.startswith("error: ")
    for fragment in fragments:
        assert fragment in err, err


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory):
    runs = tmp_path_factory.mktemp("runs")
    proc = run_cli("train", "vae", *TINY, "--runs-dir", str(runs), "--name", "tiny",
                   env={"GENLAB_OFFLINE": "1"})
    assert proc.returncode == 0, proc.stderr
    assert "report:" in proc.stdout and "test/nelbo" in proc.stdout
    [run] = list(runs.iterdir())
    return run


def test_train_then_sample_and_evaluate(trained_run, tmp_path):
    out = tmp_path / "grid.png"
    proc = run_cli("sample", str(trained_run), "-n", "16", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    image = Image.open(out)
    assert image.size[0] >= 280 and image.size == image.size[::-1]
    proc = run_cli("evaluate", str(trained_run), "--iw-samples", "20", env={"GENLAB_OFFLINE": "1"})
    assert proc.returncode == 0, proc.stderr
    assert "test/iw_nll" in proc.stdout and "test/bpd" in proc.stdout
    last = json.loads((trained_run / "metrics.jsonl").read_text().splitlines()[-1])
    assert last["evaluate"]["iw_samples"] == 20


def test_recipes_lists_the_vae_recipes():
    proc = run_cli("recipes", "--json")
    names = {r["name"] for r in json.loads(proc.stdout)}
    assert {"vae", "vae-conv", "vae-2d"} <= names


@pytest.mark.parametrize("args, fragments", [
    (["train", "nope"], ["unknown recipe 'nope'", "vae"]),
    (["train", "vae", "--dataset", "cifar"], ["unknown dataset 'cifar'"]),
    (["train", "vae", "--set", "model.latent_dim"], ["malformed --set"]),
    (["train", "vae", "--set", "model.colour=3", "--dataset", "digits"], ["model.colour: unknown setting"]),
    (["train", "vae", "--set", "optim.lr=-1"], ["optim.lr"]),
    (["train", "vae", "--set", "model.name=transformer", "--dataset", "digits"], ["unknown model 'transformer'"]),
    (["train", "vae", "--dataset", "mnist"], ["dataset 'mnist' not found", "--download"]),
    (["train", "vae", "--device", "cuda", "--dataset", "digits"], ["no CUDA GPU"]),
    (["sample", "no-such-run"], ["run 'no-such-run' not found"]),
    (["evaluate", "no-such-run"], ["not found"]),
    (["sample", "last"], ["no runs"]),
])
def test_bad_input_gets_one_line_and_exit_2(args, fragments, tmp_path):
    assert_one_line_error(run_cli(*args, env={"GENLAB_RUNS": str(tmp_path / "runs")}), *fragments)


@pytest.mark.parametrize("args, fragments", [
    (["train", "vae", "--set", "model.latent_dim=0"], ["model.latent_dim"]),
    (["train", "dcgan", "--set", "train.accumulate=2"], ["train.accumulate = 2", "own optimization"]),
    (["train", "vae", "--set", "train.accumulate=999"], ["larger than the batch"]),
    (["train", "dcgan", "--set", "optim.name=muon"], ["muon", "2 optimizers"]),
    (["train", "diffusion", "--set", "model.mults=[1,1,1,1,1]"], ["divisible by 16", "8x8"]),
    (["train", "diffusion", "--set", "model.timesteps=20"], ["sample_steps (25) cannot exceed timesteps (20)"]),
    (["train", "vae", "--set", "model.arch=conv", "--dataset", "mnist", "--data-dir", "/nonexistent"],
     ["/nonexistent does not exist"]),
])
def test_a_refused_config_leaves_no_run_folder(args, fragments, tmp_path):
    """Every check runs before the run folder is made: nothing is left behind to clean up."""
    runs = tmp_path / "runs"
    args = args + (["--dataset", "digits"] if "--dataset" not in args else [])
    assert_one_line_error(run_cli(*args, "--runs-dir", str(runs)), *fragments)
    assert not runs.exists() or not any(runs.iterdir())


def test_resume_from_a_folder_that_is_not_a_run(tmp_path):
    assert_one_line_error(run_cli("train", "--resume", str(tmp_path)), "not a genlab run folder")


def test_sample_bad_count(trained_run):
    assert_one_line_error(run_cli("sample", str(trained_run), "-n", "0"), "-n must be")


def test_evaluate_against_a_dataset_of_another_shape(trained_run, tmp_path):
    from tests.foundation.test_data import write_pair

    write_pair(tmp_path / "mnist", n=4)
    proc = run_cli("evaluate", str(trained_run), "--dataset", "mnist",
                   env={"GENLAB_DATA": str(tmp_path)})
    assert_one_line_error(proc, "shape (1, 28, 28)", "(1, 8, 8)")


def test_corrupt_dataset_file(tmp_path):
    from tests.foundation.test_data import write_pair

    write_pair(tmp_path, n=4)
    (tmp_path / "t10k-images-idx3-ubyte.gz").write_bytes(b"\x1f\x8b not really gzip")
    write_pair(tmp_path, n=4, images_name="train-images-idx3-ubyte", labels_name="train-labels-idx1-ubyte")
    proc = run_cli("train", "vae", "--dataset", "mnist", "--data-dir", str(tmp_path), "--steps", "1")
    assert_one_line_error(proc, "t10k-images-idx3-ubyte.gz")


def test_nan_loss_exits_2_and_names_the_step(tmp_path):
    proc = run_cli("train", "vae", *TINY, "--lr", "1e6", "--runs-dir", str(tmp_path))
    assert_one_line_error(proc, "loss became nan at step")


def test_help_and_recipes_do_not_import_torch():
    code = ("import sys; from genlab.cli.main import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "assert 'torch' not in sys.modules, 'torch imported'\n"
            "assert 'numpy' not in sys.modules, 'numpy imported'\nprint('clean')")
    for args in (["--help"], ["recipes"]):
        proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        assert proc.returncode == 0 and "clean" in proc.stdout, proc.stderr


def test_demo_falls_back_to_digits_without_fashion_mnist(tmp_path):
    proc = run_cli("demo", "--minutes", "0.05", "--runs-dir", str(tmp_path),
                   env={"GENLAB_SYSTEM_DATA": str(tmp_path / "none"), "GENLAB_OFFLINE": "1"})
    assert proc.returncode == 0, proc.stderr
    assert "Falling back to scikit-learn's embedded 8x8 digits" in proc.stdout
    assert "apt-get install dataset-fashion-mnist" in proc.stdout
    assert "test/nelbo" in proc.stdout and "report.html" in proc.stdout
    [run] = list(tmp_path.glob("demo-*"))
    assert 'dataset = "digits"' in (run / "config.toml").read_text()
