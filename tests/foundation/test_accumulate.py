"""Gradient accumulation (train.accumulate): the same update as the whole batch, in slices."""

import pytest
import torch

from genlab.errors import ConfigError
from genlab.models.base import LossOutput
from genlab.training import job
from genlab.training.trainer import StepContext, Trainer
from tests.foundation.test_trainer import tiny_config


def regression_step(micro_batches):
    torch.manual_seed(0)
    model = torch.nn.Linear(5, 3)
    x, y = torch.randn(10, 5), torch.randn(10, 3)

    def loss(batch):
        mse = (model(batch[0]) - batch[1]).pow(2).mean()
        return LossOutput(mse, {"abs": (model(batch[0]) - batch[1]).abs().mean()})

    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    ctx = StepContext([opt], grad_clip=1.0, scaler=None, loss_fn=loss, micro_batches=micro_batches)
    out = ctx.loss_and_optimize((x, y))
    return out, [p.detach().clone() for p in model.parameters()]


@pytest.mark.parametrize("micro_batches", [2, 3, 10])
def test_accumulated_update_equals_the_whole_batch(micro_batches):
    whole, expected = regression_step(1)
    parts, got = regression_step(micro_batches)  # 3 slices of 10 rows: 4, 3, 3
    for a, b in zip(expected, got):
        assert torch.allclose(a, b, atol=1e-6)
    assert torch.allclose(whole.loss.detach(), parts.loss, atol=1e-6)
    assert torch.allclose(whole.logs["abs"].detach(), parts.logs["abs"], atol=1e-6)
    assert torch.allclose(expected[0], regression_step(1)[1][0])  # deterministic baseline


def fit_with(tmp_path, *overrides, own_step=False):
    cfg = tiny_config(*overrides)
    data = job.load_data(cfg)
    model = job.build_model(cfg, job.DataInfo(data[0].shape, data[0].num_classes))
    if own_step:  # a model with its own training step, as the GANs have
        model.__class__ = type("OwnStep", (type(model),),
                               {"training_step": lambda self, batch, ctx: type(model).training_step(self, batch, ctx)})
    return Trainer(cfg, job.new_run(cfg, tmp_path, "acc"), progress=False).fit(model, *data)


def test_training_with_accumulation_runs(tmp_path):
    result = fit_with(tmp_path, "train.accumulate=4", "train.steps=6")
    assert result.status == "finished" and result.step == 6


@pytest.mark.parametrize("overrides, own_step, message", [
    (["train.accumulate=2"], True, "has its own training step"),
    (["train.accumulate=64"], False, "larger than the batch"),
])
def test_accumulation_refuses_what_it_cannot_do(tmp_path, overrides, own_step, message):
    with pytest.raises(ConfigError, match=message):
        fit_with(tmp_path, *overrides, own_step=own_step)
