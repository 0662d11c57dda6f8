"""Runs table and comparison, TensorBoard logs, sweeps, the optimizer lab, reproduction."""

import json

import pytest

from genlab.config import load_config
from genlab.experiments.runs_table import all_runs, config_diff
from genlab.experiments.sweep import ParamSpec, SweepSettings, run_sweep
from genlab.errors import ConfigError
from genlab.run_folder.run_dir import RunDir
from genlab.training import job
from tests.conftest import run_cli

TINY = ["data.dataset=digits", "data.batch_size=64", "data.limit_train=512", "data.limit_test=128",
        "model.hidden_dim=16", "model.latent_dim=2", "model.eval_iw_samples=2",
        "train.steps=24", "train.eval_every=8", "train.num_samples=4"]


def tiny_run(root, name, *extra):
    cfg = load_config("vae", TINY + list(extra))
    run = job.new_run(cfg, root, name)
    job.train(cfg, run, progress=False)
    return run


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("runs")
    return root, tiny_run(root, "slow", "optim.lr=1e-4"), tiny_run(root, "fast", "optim.lr=3e-3")


def test_runs_table_and_config_diff(two_runs):
    root, a, b = two_runs
    rows = {r.name.split("-")[0]: r for r in all_runs(root)}
    assert set(rows) == {"slow", "fast"}
    assert rows["fast"].status == "finished" and rows["fast"].step == 24
    assert rows["fast"].key_metric == "test/nelbo" and rows["fast"].value < rows["slow"].value
    assert config_diff([a, b]) == {"optim.lr": [1e-4, 3e-3]}


def test_runs_cli(two_runs, tmp_path):
    root, a, b = two_runs
    listed = json.loads(run_cli("runs", "--json", "--runs-dir", str(root)).stdout)["runs"]
    assert {r["status"] for r in listed} == {"finished"}
    out = tmp_path / "cmp.png"
    proc = run_cli("runs", "compare", "slow", "fast", "--runs-dir", str(root), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "optim.lr" in proc.stdout and "test/nelbo" in proc.stdout and out.stat().st_size > 1000
    shown = run_cli("runs", "show", "fast", "--runs-dir", str(root))
    assert "finished" in shown.stdout and "optim.lr = 0.003" in shown.stdout
    assert run_cli("runs", "compare", "fast", "--runs-dir", str(root)).returncode == 2


def test_runs_rm_asks_first(tmp_path):
    run = tiny_run(tmp_path, "doomed", "train.steps=2")
    proc = run_cli("runs", "rm", "doomed", "--runs-dir", str(tmp_path))   # no stdin: answer is no
    assert proc.returncode == 1 and run.path.exists()
    proc = run_cli("runs", "rm", "doomed", "--yes", "--runs-dir", str(tmp_path))
    assert proc.returncode == 0 and not run.path.exists()


def test_tensorboard_logs_are_readable_without_genlab(tmp_path):
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    run = tiny_run(tmp_path, "tb", "train.tensorboard=true", "train.log_every=4")
    events = EventAccumulator(str(run.path / "tensorboard"))
    events.Reload()
    tags = set(events.Tags()["scalars"])
    assert {"train/loss", "test/nelbo"} <= tags
    assert [e.step for e in events.Scalars("train/loss")] == [4, 8, 12, 16, 20, 24]


def test_param_specs():
    assert ParamSpec.parse("optim.lr=loguniform:1e-4:1e-2").args == (1e-4, 1e-2)
    assert ParamSpec.parse("model.latent_dim=choice:8,16,32").args == (8, 16, 32)
    assert ParamSpec.parse("model.decoder=choice:bernoulli,gaussian").args == ("bernoulli", "gaussian")
    for bad in ("optim.lr", "optim.lr=loguniform:0:1", "optim.lr=uniform:2:1", "x=normal:0:1"):
        with pytest.raises(ConfigError):
            ParamSpec.parse(bad)


def sweep_settings(trials, **kw):
    params = [ParamSpec.parse("optim.lr=choice:1e-3,3e-3,1e6"), ParamSpec.parse("model.latent_dim=choice:2,4")]
    return SweepSettings("vae", params, "test/nelbo", trials=trials, minutes_per_trial=None,
                         overrides=tuple(TINY), name="s", **kw)


def test_sweep_survives_crashing_trials_and_resumes(tmp_path):
    first = run_sweep(sweep_settings(4), tmp_path)
    states = [t["state"] for t in first["trials"]]
    assert len(states) == 4
    crashed = [t for t in first["trials"] if t["params"]["optim.lr"] == 1e6]
    assert all(t["state"] == "fail" for t in crashed)          # NaN loss: failed, sweep went on
    assert "complete" in states
    folder = tmp_path / "sweeps" / "s"
    assert (folder / "study.db").is_file() and (folder / "results.md").is_file()
    best = load_config(str(folder / "best.toml"))
    assert best.optim.lr == first["best"]["params"]["optim.lr"]
    assert (folder / "history.png").is_file()
    # the same sweep again with a larger budget runs only the missing trials
    second = run_sweep(sweep_settings(6), tmp_path)
    assert len(second["trials"]) == 6
    assert [t["params"] for t in second["trials"][:4]] == [t["params"] for t in first["trials"]]


def test_sweep_prunes_bad_trials(tmp_path):
    from genlab.experiments.sweep import _study, sweep_dir

    params = [ParamSpec.parse("optim.lr=choice:3e-3,1e-5")]
    settings = SweepSettings("vae", params, "test/nelbo", trials=5, minutes_per_trial=None,
                             overrides=tuple(TINY), name="p")
    folder = sweep_dir(tmp_path, settings)
    folder.mkdir(parents=True)
    study = _study(settings, folder)
    for lr in (3e-3, 3e-3, 3e-3, 1e-5, 3e-3):     # three good trials set the median first
        study.enqueue_trial({"optim.lr": lr})
    summary = run_sweep(settings, tmp_path)
    states = [(t["params"]["optim.lr"], t["state"]) for t in summary["trials"]]
    assert states == [(3e-3, "complete")] * 3 + [(1e-5, "pruned"), (3e-3, "complete")]


def test_optimizers_lab(tmp_path):
    from genlab.experiments.optimizers_lab import run_lab

    folder, results = run_lab("vae", tmp_path, minutes=1.0, epochs=1.0, variants=["sgd", "adam"],
                              overrides=TINY[:-4] + ["train.num_samples=4"])
    assert [r.name for r in results] == ["sgd", "adam"]
    assert all(r.status == "finished" and r.value for r in results)
    text = (folder / "results.md").read_text()
    assert "| sgd | finished" in text and (folder / "curves.png").is_file()


def test_reproduce_is_bit_identical_on_cpu(tmp_path):
    from genlab.experiments.reproduce import reproduce

    original = tiny_run(tmp_path, "orig")
    result = reproduce(original, tmp_path)
    assert result["identical_weights"], result
    assert result["differences"] == {}
    assert RunDir(result["run"]).final_metrics() == original.final_metrics()


def test_reproduce_refuses_unfinished_runs(tmp_path):
    from genlab.errors import RunError
    from genlab.experiments.reproduce import reproduce

    run = tiny_run(tmp_path, "x")
    run.update_info(status="interrupted")
    with pytest.raises(RunError, match="did not finish"):
        reproduce(run, tmp_path)


def test_run_records_what_reproduction_needs(tmp_path):
    info = tiny_run(tmp_path, "rec").read_info()
    assert info["seed"] == 0 and len(info["data_checksums"]["train"]) == 64
    assert {"torch", "python", "device", "git_commit"} <= set(info["environment"])


def test_sweep_with_a_missing_dataset_stops_at_once_with_one_line(tmp_path):
    missing = tmp_path / "nowhere"
    proc = run_cli("sweep", "vae", "--trials", "3", "--param", "optim.lr=loguniform:1e-4:1e-2",
                   "--set", "data.dataset=fashion-mnist", "--set", f'data.data_dir="{missing}"',
                   "--runs-dir", str(tmp_path / "runs"))
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and "does not exist" in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_sweep_with_a_bad_setting_fails_before_any_trial(tmp_path):
    proc = run_cli("sweep", "vae", "--param", "optim.lr=loguniform:1e-4:1e-2",
                   "--set", "model.latent_dim=0", "--runs-dir", str(tmp_path))
    assert proc.returncode == 2 and "model.latent_dim" in proc.stderr
    assert not (tmp_path / "sweeps").exists()


def test_runs_lists_sweeps_and_their_trials(tmp_path):
    run_sweep(sweep_settings(2, seed=3), tmp_path)
    tiny_run(tmp_path, "alone", "train.steps=2")
    shown = run_cli("runs", "--runs-dir", str(tmp_path))
    assert shown.returncode == 0 and "alone" in shown.stdout
    assert "sweeps" in shown.stdout and "runs --all" in shown.stdout
    listed = json.loads(run_cli("runs", "--all", "--json", "--runs-dir", str(tmp_path)).stdout)
    trials = [r for r in listed["runs"] if r["sweep"] == "s"]
    assert len(trials) == 2 and listed["sweeps"][0]["trials"] == 2
    opened = run_cli("runs", "show", trials[0]["name"], "--runs-dir", str(tmp_path))
    assert opened.returncode == 0 and trials[0]["name"].startswith("sweeps/s/trials/")
