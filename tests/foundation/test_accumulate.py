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


def fit_with(tmp_path, *overrides):
    cfg = job.prepare(tiny_config(*overrides))
    data = job.load_data(cfg)
    model = job.build_model(cfg, job.DataInfo(data[0].shape, data[0].num_classes))
    return Trainer(cfg, job.new_run(cfg, tmp_path, "acc"), progress=False).fit(model, *data)


def test_training_with_accumulation_runs(tmp_path):
    result = fit_with(tmp_path, "train.accumulate=4", "train.steps=6")
    assert result.status == "finished" and result.step == 6


def test_accumulation_refuses_what_it_cannot_do_before_anything_runs():
    from genlab.config import load_config

    with pytest.raises(ConfigError, match="does its own optimization"):   # a GAN: two optimizers
        job.prepare(load_config("dcgan", ["train.accumulate=2"]))
    batch = tiny_config().data.batch_size
    with pytest.raises(ConfigError, match="larger than the batch"):
        job.prepare(tiny_config(f"train.accumulate={batch + 1}"))
    with pytest.raises(ConfigError, match=r"each process trains on \(1\)"):
        job.prepare(tiny_config("train.accumulate=2"), world_size=batch)


def test_muon_takes_the_matrices_and_adamw_the_rest():
    from genlab.config import OptimConfig
    from genlab.training.optim import build_optimizers, model_param_groups

    class Tiny(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = torch.nn.Embedding(7, 4)
            self.fc = torch.nn.Linear(4, 4)
            self.norm = torch.nn.LayerNorm(4)

        def param_groups(self):
            decay = [p for p in self.parameters() if p.dim() >= 2]
            rest = [p for p in self.parameters() if p.dim() < 2]
            return [[{"params": decay, "weight_decay": 0.1}, {"params": rest, "weight_decay": 0.0}]]

    model = Tiny()
    cfg = OptimConfig(name="muon", lr=1e-3, muon_lr=0.05)
    muon, adamw = build_optimizers(cfg, model_param_groups(model, cfg))
    assert isinstance(muon, torch.optim.Muon) and isinstance(adamw, torch.optim.AdamW)
    assert [p for g in muon.param_groups for p in g["params"]] == [model.fc.weight]
    assert muon.param_groups[0]["lr"] == 0.05
    in_adamw = [p for g in adamw.param_groups for p in g["params"]]
    assert len(in_adamw) == 4 and not any(p is model.fc.weight for p in in_adamw)
    assert adamw.param_groups[0]["weight_decay"] == 0.1   # the model's own grouping is kept


def test_muon_trains_a_gpt_and_refuses_a_gan(tmp_path):
    from genlab.config import load_config
    from tests.language.conftest import small_text

    corpus = tmp_path / "corpus.txt"
    corpus.write_text(small_text())
    cfg = load_config("gpt", [f"data.dataset={corpus}", "model.n_layer=1", "model.n_embd=16", "model.n_head=2",
                              "model.block_size=16", "data.batch_size=8", "train.steps=30",
                              "train.eval_every=30", "train.checkpoint_every=30", "optim.name=muon",
                              "data.download=false", "model.sample_tokens=10", "train.accumulate=2",
                              "optim.warmup_steps=2"])
    data = job.load_data(cfg)
    model = job.build_model(cfg, data[0].info())
    before = model.evaluate(data[1].eval_batches(8))["loss"]
    Trainer(cfg, job.new_run(cfg, tmp_path, "muon"), progress=False).fit(model, *data)
    assert model.evaluate(data[1].eval_batches(8))["loss"] < before - 0.5

    gan = load_config("dcgan", ["optim.name=muon", "data.dataset=digits"])
    with pytest.raises(ConfigError, match="optimizers of its own"):
        from genlab.training.optim import model_param_groups
        model_param_groups(job.build_model(gan, job.DataInfo((1, 8, 8), 10)), gan.optim)


def test_a_refused_config_marks_the_run_failed(tmp_path):
    cfg = tiny_config("train.accumulate=64")
    run = job.new_run(cfg, tmp_path, "refused")
    with pytest.raises(ConfigError, match="larger than the batch"):
        job.train(cfg, run, progress=False)
    info = run.read_info()
    assert info["status"] == "failed" and "larger than the batch" in info["error"]
