"""The one trainer: exact resume, Ctrl-C, NaN, time budget, run folder and report."""

import json
import signal
import subprocess
import sys
import time

import pytest
import torch

from genlab.config import load_config
from genlab.errors import TrainingDiverged
from genlab.models import MODELS
from genlab.models.base import Model, LossOutput, ModelConfig
from genlab.run_folder.run_dir import RunDir
from genlab.training import job
from genlab.training.trainer import Trainer, TrainingInterrupted
from tests.conftest import REPO

TINY = ["data.dataset=digits", "data.batch_size=32", "data.limit_train=256", "data.limit_test=64",
        "model.hidden_dim=16", "model.latent_dim=2", "model.eval_iw_samples=4",
        "train.steps=24", "train.eval_every=8", "train.checkpoint_every=5", "train.num_samples=4"]


def tiny_config(*extra):
    return load_config("vae", TINY + list(extra))


def params(model):
    return {k: v.clone() for k, v in model.state_dict().items()}


def fit(cfg, run, resume=False, stop_after=None):
    """Train; with ``stop_after=k`` the run is interrupted after k steps, as Ctrl-C would."""
    data = job.load_data(cfg)
    info = job.DataInfo(data[0].shape, data[0].num_classes)
    model = job.build_model(cfg, info)
    trainer = Trainer(cfg, run, progress=False)
    if stop_after is not None:
        original = model.training_step

        def step_then_maybe_stop(batch, ctx):
            out = original(batch, ctx)
            if trainer.step + 1 >= stop_after:
                trainer._stop_reason = "interrupted"
            return out
        model.training_step = step_then_maybe_stop
    result = trainer.fit(model, *data, resume=resume)
    return model, result


def test_resume_after_interruption_gives_identical_parameters(tmp_path):
    cfg = tiny_config()
    straight, _ = fit(cfg, job.new_run(cfg, tmp_path, "straight"))
    run = job.new_run(cfg, tmp_path, "interrupted")
    with pytest.raises(TrainingInterrupted, match="interrupted at step 7"):
        fit(cfg, run, stop_after=7)
    assert json.loads((run.path / "run.json").read_text())["status"] == "interrupted"
    resumed, result = fit(cfg, run, resume=True)
    assert result.step == 24
    a, b = params(straight), params(resumed)
    assert all(torch.equal(a[k], b[k]) for k in a), "resumed parameters differ"
    # the metrics log has no duplicated steps after the resume
    train_steps = [r["step"] for r in run.read_metrics() if "train/loss" in r]
    assert len(train_steps) == len(set(train_steps))


def test_run_folder_contents_and_report(tmp_path):
    cfg = tiny_config()
    run = job.new_run(cfg, tmp_path, "full")
    job.train(cfg, run, progress=False)
    for name in ("config.toml", "run.json", "metrics.jsonl", "curves.png", "report.html"):
        assert (run.path / name).is_file(), name
    assert (run.checkpoints / "latest").is_file()
    assert len(list(run.checkpoints.glob("step-*"))) == cfg.train.keep_checkpoints
    kinds = {p.name.rsplit("-step-", 1)[0] for p in run.samples.glob("*.png")}
    assert kinds == {"samples", "reconstructions", "latent-traversal"}
    final = [r for r in run.read_metrics() if r.get("final")]
    assert final and {"test/nelbo", "test/iw_nll", "test/bpd"} <= set(final[-1])
    html = run.report.read_text()
    assert "test/nelbo" in html and html.count("data:image/png;base64,") >= 4
    assert "torch" in html and "seed" in html
    info = run.read_info()
    assert info["status"] == "finished" and info["environment"]["device"] == "cpu"
    assert run.read_config()["model"]["eval_iw_samples"] == 4


def test_time_budget_stops_training(tmp_path):
    cfg = tiny_config("train.steps=1000000", "train.minutes=0.02")
    run = job.new_run(cfg, tmp_path, "budget")
    result = job.train(cfg, run, progress=False)
    assert 0 < result.step < 1000000
    assert run.read_info()["stopped_by"] == "budget"


class NaNAfter(Model):
    """A model whose loss turns NaN at a chosen step, to test the trainer's guard."""

    class Config(ModelConfig):
        name: str = "nan-after"
        at_step: int = 5

    def __init__(self, config, data):
        super().__init__(config, data)
        self.w = torch.nn.Parameter(torch.ones(1))
        self.calls = 0

    def loss(self, batch):
        self.calls += 1
        value = (self.w ** 2).sum()
        return LossOutput(value * float("nan") if self.calls >= self.config.at_step else value)

    def sample(self, n, generator=None, **options):
        return torch.zeros(n, 1, 8, 8)


def test_nan_loss_stops_and_keeps_last_good_checkpoint(tmp_path, monkeypatch):
    monkeypatch.setitem(MODELS, "nan-after", f"{__name__}:NaNAfter")
    cfg = load_config("vae", TINY)
    cfg = job.validate({**cfg.to_dict(), "model": {"name": "nan-after", "at_step": 8}})
    run = job.new_run(cfg, tmp_path, "nan")
    with pytest.raises(TrainingDiverged, match=r"loss became nan at step 8.*step-00000005"):
        job.train(cfg, run, progress=False)
    assert (run.checkpoints / "latest").read_text().strip() == "step-00000005"
    assert run.read_info()["status"] == "diverged"


@pytest.mark.slow
def test_ctrl_c_saves_and_resume_finishes(tmp_path):
    """A real SIGINT to ``genlab train``: exit 130 with a resume hint, then --resume completes."""
    runs = tmp_path / "runs"
    cmd = [sys.executable, "-m", "genlab", "train", "vae", "--runs-dir", str(runs), "-q",
           "--set", "data.dataset=digits", "--set", "train.steps=100000", "--set", "model.hidden_dim=16",
           "--set", "train.checkpoint_every=1000000"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    deadline = time.time() + 60
    while time.time() < deadline:
        metrics = list(runs.glob("*/metrics.jsonl"))
        if metrics and metrics[0].stat().st_size > 0:
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted at step" in err and "genlab train --resume" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    run = RunDir(next(runs.iterdir()))
    step = int((run.checkpoints / "latest").read_text().strip().split("-")[1])
    assert step > 0
    done = subprocess.run([sys.executable, "-m", "genlab", "train", "--resume", str(run.path), "-q",
                           "--steps", str(step + 20)], capture_output=True, text=True, cwd=REPO,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert run.read_info()["step"] == step + 20 and run.read_info()["status"] == "finished"
