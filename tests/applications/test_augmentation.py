"""genlab augment: real, real + generated and generated-only (CAS) training sets, measured."""

from __future__ import annotations

import json

import pytest
import torch

import genlab
from genlab.errors import ConfigError
from tests.conftest import run_cli

FAST = ["model.channels=4", "model.features=8", "data.eval_batch_size=500", "optim.warmup_steps=0"]


@pytest.fixture(scope="module")
def cvae_run(tmp_path_factory):
    import os

    os.environ.setdefault("GENLAB_OFFLINE", "1")
    return genlab.train("cvae", dataset="digits", steps=3, runs_dir=tmp_path_factory.mktemp("aug"),
                        quiet=True, set={"model.eval_samples": 100, "train.num_samples": 4})


def test_the_experiment_trains_every_setting_for_every_seed_and_writes_its_table(cvae_run, tmp_path):
    result = genlab.augment([cvae_run], per_class=[3, 5], synthetic=4, seeds=2, steps=2, dataset="digits",
                            out=tmp_path / "aug", set=FAST)
    names = [s.name for s in result.settings]
    assert names == ["real (3/class)", f"real + {cvae_run.name}", "real (5/class)", f"real + {cvae_run.name}",
                     f"{cvae_run.name} only (CAS)", "real (4/class, CAS reference)"]
    assert all(len(s.accuracies) == 2 and all(0 <= a <= 1 for a in s.accuracies) for s in result.settings)
    saved = json.loads((tmp_path / "aug" / "results.json").read_text())
    assert len(saved["rows"]) == 6 and len(saved["verdicts"]) == 2
    assert "| real (3/class) | 3 | 0 |" in (tmp_path / "aug" / "results.md").read_text()
    assert len(list((tmp_path / "aug" / "runs").iterdir())) == 12  # one trainer run per setting and seed


def test_training_sets_draw_per_class_and_add_the_samples_with_their_asked_for_labels():
    from genlab.data.images import load_images
    from genlab.experiments.augmentation import Setting, _training_set

    train = load_images("digits", "train")
    fake = (torch.zeros(20, 1, 8, 8, dtype=torch.uint8), torch.arange(10).repeat_interleave(2))
    data = _training_set(train, Setting("mix", 4, "g", 2), {"g": fake}, seed=0)
    assert len(data) == 60 and torch.bincount(data.labels).tolist() == [6] * 10
    again = _training_set(train, Setting("mix", 4, "g", 2), {"g": fake}, seed=0)
    other = _training_set(train, Setting("mix", 4, "g", 2), {"g": fake}, seed=1)
    assert torch.equal(data.images, again.images) and not torch.equal(data.images, other.images)
    only = _training_set(train, Setting("only", 0, "g", 2), {"g": fake}, seed=0)
    assert len(only) == 20


def test_verdicts_say_plainly_whether_samples_helped():
    from genlab.experiments.augmentation import AugmentationResult, Setting

    base = Setting("real (10/class)", 10, accuracies=[0.70, 0.72])
    better = Setting("real + a", 10, "a", 5, accuracies=[0.80, 0.82])
    same = Setting("real + b", 10, "b", 5, accuracies=[0.71, 0.72])
    worse = Setting("real + c", 10, "c", 5, accuracies=[0.50, 0.52])
    verdicts = AugmentationResult([base, better, same, worse], "x", 1, 2).verdicts()
    assert verdicts[0].endswith("so it helps.") and "no clear difference" in verdicts[1]
    assert verdicts[2].endswith("so it hurts.") and "71.0% -> 81.0% (+10.0 points)" in verdicts[0]


def test_augment_refuses_unconditional_runs_and_bad_sizes_in_one_line(tmp_path):
    vae = genlab.train("vae", dataset="digits", steps=2, runs_dir=tmp_path / "runs", quiet=True)
    out = run_cli("augment", str(vae.path), "--dataset", "digits", "--seeds", "1", "--steps", "1",
                  "--out", str(tmp_path / "a"))
    assert out.returncode == 2 and "class-conditional runs" in out.stderr and out.stderr.count("\n") == 1
    with pytest.raises(ConfigError, match="per-class"):
        genlab.augment([], per_class=[0], dataset="digits", out=tmp_path / "b")


def test_cli_augment_without_generators_measures_the_real_baselines(tmp_path):
    out = run_cli("augment", "--dataset", "digits", "--per-class", "2", "--seeds", "1", "--steps", "1",
                  "--out", str(tmp_path / "a"), *[x for o in FAST for x in ("--set", o)])
    assert out.returncode == 0, out.stderr
    assert "| real (2/class) | 2 | 0 |" in out.stdout and (tmp_path / "a" / "results.md").is_file()
