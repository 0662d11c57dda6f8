"""DP-SGD through Opacus: the budget is met, per-example clipping happens, bad settings are
refused before anything is written."""

from __future__ import annotations

import pytest
import torch

import genlab
from genlab.config import load_config
from genlab.errors import ConfigError
from genlab.training import job
from genlab.training.privacy import PrivateTraining

from ..conftest import run_cli


def test_a_private_classifier_spends_its_budget_and_says_so(tmp_path):
    run = genlab.train("classifier-fashion-dp", dataset="digits", epochs=2,
                       set={"train.dp_epsilon": 4.0, "train.dp_delta": 1e-4}, runs_dir=tmp_path, quiet=True)
    privacy = run.info["privacy"]
    assert privacy["epsilon"] == pytest.approx(4.0, rel=0.02) and privacy["delta"] == 1e-4
    assert privacy["noise_multiplier"] > 0 and privacy["steps"] == run.info["step"]
    logged = [r["dp_epsilon"] for r in run.history if "dp_epsilon" in r]
    assert logged == sorted(logged) and logged[-1] <= 4.0 * 1.02       # spent step by step
    assert "Trained with DP-SGD (Opacus): epsilon = 4.0" in run.report_path.read_text()
    assert "epsilon = 4.0" in run.card().read_text()


@pytest.mark.parametrize("recipe,extra", [("vae-dp", {}), ("cvae", {"model.sampling": "prior", "train.dp_epsilon": 8.0})])
def test_the_vaes_train_privately(tmp_path, recipe, extra):
    run = genlab.train(recipe, dataset="digits", steps=4, set=extra, runs_dir=tmp_path, quiet=True)
    assert run.status == "finished" and run.info["privacy"]["epsilon"] > 0


def test_every_update_is_the_clipped_noisy_mean_of_per_example_gradients():
    """With noise 0 the DP optimizer's gradient must be the mean of gradients clipped one by one."""
    from genlab.config import TrainConfig

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2))
    x, y = torch.randn(8, 3) * 5, torch.randint(0, 2, (8,))
    per_example = []
    for i in range(8):
        model.zero_grad()
        torch.nn.functional.cross_entropy(model(x[i:i + 1]), y[i:i + 1]).backward()
        g = torch.cat([p.grad.flatten() for p in model.parameters()])
        per_example.append(g * min(1.0, 0.1 / (float(g.norm()) + 1e-6)))
    want = torch.stack(per_example).mean(0)
    dp = PrivateTraining(TrainConfig(dp_epsilon=1.0, dp_max_grad_norm=0.1), 1000, 8, 10)
    dp.noise_multiplier = 0.0
    [opt] = dp.attach(model, [torch.optim.SGD(model.parameters(), lr=0.0)])
    opt.zero_grad()
    torch.nn.functional.cross_entropy(model(x), y).backward()
    opt.pre_step()
    got = torch.cat([p.grad.flatten() for p in model.parameters()])
    assert torch.allclose(got, want, atol=1e-6)


@pytest.mark.parametrize("recipe,overrides,message", [
    ("dcgan", ["train.dp_epsilon=3"], "no DP-SGD support"),
    ("classifier-fashion", ["train.dp_epsilon=3"], "model.norm=group"),
    ("vae", ["train.dp_epsilon=3", "model.decoder=gaussian"], "gaussian decoder"),
    ("cvae", ["train.dp_epsilon=3"], "sampling = 'codes'"),
    ("vae-dp", ["optim.grad_clip=1.0"], "remove optim.grad_clip"),
    ("vae-dp", ["train.precision=bf16"], "fp32"),
    ("vae", ["train.dp_delta=1e-3"], "dp_epsilon is not"),
    ("vae", ["train.dp_epsilon=-1"], "greater than 0"),
])
def test_settings_dp_sgd_cannot_take_are_refused_before_training(recipe, overrides, message):
    with pytest.raises(ConfigError, match=message):
        job.prepare(load_config(recipe, overrides))


def test_a_budget_needs_a_planned_length_and_delta_below_one_over_n(tmp_path):
    cfg = load_config("vae-dp", ["train.minutes=1"])
    cfg = cfg.model_copy(update={"train": cfg.train.model_copy(update={"epochs": None})})
    with pytest.raises(ConfigError, match="needs the run's length"):
        job.prepare(cfg)
    result = run_cli("train", "vae-dp", "--dataset", "digits", "--set", "train.dp_delta=0.01",
                     "--runs-dir", str(tmp_path))
    assert result.returncode == 2 and "must be below 1 / (training examples)" in result.stderr
    assert result.stderr.count("\n") == 1 and not (tmp_path / "runs").exists() and not any(tmp_path.iterdir())
