"""Does generated data help? Data augmentation with a generator, measured.

The experiment trains genlab's classifier (the ``classifier-fashion`` recipe, through the one
trainer) in three kinds of setting, each with several seeds, and reports mean ± std test
accuracy on the whole real test split:

- **real**: ``n`` real labelled images per class (few: 10 or 100), the baseline;
- **real + generated**: the same real images plus ``synthetic`` samples per class from a trained
  conditional generator (cgan, cvae, diffusion), each labelled with the class it was asked for;
- **generated only**: the samples alone. Trained on generated data, tested on real data, this is
  the *Classification Accuracy Score* (Ravuri & Vinyals, 2019): a generator whose samples of
  class k really look like class k, and cover all its variety, scores as well as real data of the
  same size (the "real" row with ``synthetic`` images per class). On ImageNet they found
  BigGAN-deep at 42.7% top-1 against 73.1% for real data; Lesort et al. (2018) ran the same test
  for GANs and VAEs on MNIST and Fashion-MNIST and found that none replaces real data.

Every setting trains for the same number of steps, so the comparison is at equal compute. The
generators are sampled once (seed 0); the seeds vary which real images are drawn and the
classifier's initial weights and batch order.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch

from genlab.errors import ConfigError, DataError

RECIPE = "classifier-fashion"


@dataclass
class Setting:
    name: str
    real_per_class: int
    generator: str | None = None
    synthetic_per_class: int = 0
    accuracies: list[float] = field(default_factory=list)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.accuracies)

    @property
    def std(self) -> float:
        return statistics.stdev(self.accuracies) if len(self.accuracies) > 1 else 0.0


@dataclass
class AugmentationResult:
    settings: list[Setting]
    dataset: str
    steps: int
    seeds: int
    path: Path | None = None

    def rows(self) -> list[dict]:
        return [{**asdict(s), "mean": s.mean, "std": s.std} for s in self.settings]

    def table(self) -> str:
        """A markdown table: one row per setting, accuracy as mean ± std over the seeds."""
        lines = ["| training data | real / class | generated / class | test accuracy (mean ± std) |",
                 "|---|---:|---:|---:|"]
        for s in self.settings:
            lines.append(f"| {s.name} | {s.real_per_class} | {s.synthetic_per_class} | "
                         f"{100 * s.mean:.1f} ± {100 * s.std:.1f}% |")
        return "\n".join(lines)

    def verdicts(self) -> list[str]:
        """Plain sentences: for each real size and generator, did adding its samples help?"""
        base = {s.real_per_class: s for s in self.settings if s.generator is None}
        out = []
        for s in self.settings:
            if s.generator is None or s.real_per_class == 0 or s.real_per_class not in base:
                continue
            b = base[s.real_per_class]
            gain = s.mean - b.mean
            noise = (s.std + b.std) or 1e-9
            word = ("helps" if gain > noise else "hurts" if gain < -noise else
                    "makes no clear difference (within one std of the seeds)")
            out.append(f"{s.generator} samples at {s.real_per_class} real images per class: "
                       f"{100 * b.mean:.1f}% -> {100 * s.mean:.1f}% ({100 * gain:+.1f} points), so it {word}.")
        return out

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "results.json").write_text(json.dumps(
            {"dataset": self.dataset, "steps": self.steps, "seeds": self.seeds, "rows": self.rows(),
             "verdicts": self.verdicts()}, indent=1))
        text = [f"# Augmentation with generated images ({self.dataset})", "",
                f"Classifier `{RECIPE}`, {self.steps} steps per setting, {self.seeds} seeds; test "
                "accuracy on the whole real test split.", "", self.table(), "", *self.verdicts(), ""]
        (folder / "results.md").write_text("\n".join(text))
        self.path = folder
        return folder


def run_augmentation(generators: list, per_class=(10, 100), synthetic: int = 500, seeds: int = 5,
                     steps: int = 400, dataset: str = "fashion-mnist", out: Path = Path("augmentation"),
                     device: str = "auto", data_dir=None, overrides=(), console=None) -> AugmentationResult:
    """``generators``: :class:`genlab.Run` objects of conditional image runs on ``dataset``."""
    from genlab.config import load_config
    from genlab.data.images import load_images

    _check_sizes(per_class, synthetic, seeds, steps)
    train = load_images(dataset, "train", data_dir)
    test = load_images(dataset, "test", data_dir)
    fakes = {run.name: _samples(run, train, synthetic, device) for run in generators}
    settings = []
    for n in per_class:
        settings.append(Setting(f"real ({n}/class)", n))
        settings += [Setting(f"real + {name}", n, name, synthetic) for name in fakes]
    settings += [Setting(f"{name} only (CAS)", 0, name, synthetic) for name in fakes]
    if fakes:
        settings.append(Setting(f"real ({synthetic}/class, CAS reference)", synthetic))
    runs_root = Path(out) / "runs"
    for setting in settings:
        for seed in range(seeds):
            cfg = load_config(RECIPE, [f"data.dataset={json.dumps(dataset)}", f"train.steps={steps}",
                                       f"train.eval_every={steps}", f"train.checkpoint_every={steps}",
                                       f"train.seed={seed}", "train.keep_checkpoints=1",
                                       f"train.device={json.dumps(device)}", *overrides])
            data = _training_set(train, setting, fakes, seed)
            setting.accuracies.append(_train_one(cfg, data, test, runs_root, setting, seed, console))
    result = AugmentationResult(settings, dataset, steps, seeds)
    result.write(Path(out))
    return result


def _check_sizes(per_class, synthetic, seeds, steps) -> None:
    if not per_class or any(n < 1 for n in per_class):
        raise ConfigError(f"--per-class needs whole numbers >= 1, got {list(per_class)}")
    if synthetic < 1 or seeds < 1 or steps < 1:
        raise ConfigError(f"--synthetic, --seeds and --steps must be >= 1 (got {synthetic}, {seeds}, {steps})")


def _samples(run, train, per_class: int, device: str) -> tuple[torch.Tensor, torch.Tensor]:
    """``per_class`` samples of every class as uint8 images, with the class asked for."""
    from genlab.models.capabilities import ImageSampling, require

    model = require(run.model(device), ImageSampling, "genlab augment")
    if not model.conditional:
        raise ConfigError(f"{run.name}: genlab augment needs class-conditional runs (cgan, cvae, "
                          f"diffusion), so each sample has a label; this is a {model.config.name!r}")
    if tuple(model.data_info.shape) != train.shape or tuple(model.data_info.classes) != train.classes:
        raise DataError(f"{run.name} was trained on data of shape {tuple(model.data_info.shape)} and "
                        f"classes {model.data_info.classes[:3]}..., not on {train.name}")
    labels = torch.arange(train.num_classes).repeat_interleave(per_class)
    images = model.sample(len(labels), generator=torch.Generator().manual_seed(0), labels=labels)
    return images.mul(255).round().clamp(0, 255).to(torch.uint8).cpu(), labels


def _training_set(train, setting: Setting, fakes: dict, seed: int):
    """The real images of ``setting`` (drawn per class with ``seed``) plus its generated ones."""
    from genlab.data.images import ImageData

    parts_x, parts_y = [], []
    if setting.real_per_class:
        gen = torch.Generator().manual_seed(1000 + seed)
        for k in range(train.num_classes):
            idx = (train.labels == k).nonzero().flatten()
            if len(idx) < setting.real_per_class:
                raise DataError(f"{train.name} has {len(idx)} images of class {k}, fewer than "
                                f"{setting.real_per_class} per class")
            pick = idx[torch.randperm(len(idx), generator=gen)[:setting.real_per_class]]
            parts_x.append(train.images[pick])
            parts_y.append(train.labels[pick])
    if setting.generator:
        x, y = fakes[setting.generator]
        parts_x.append(x)
        parts_y.append(y)
    return ImageData(train.name, "train", torch.cat(parts_x), torch.cat(parts_y), train.classes)


def _train_one(cfg, data, test, runs_root: Path, setting: Setting, seed: int, console) -> float:
    from genlab.training import job

    cfg = job.prepare(cfg)
    name = f"augment-{setting.name.split(' ')[0]}-{setting.generator or 'real'}-{setting.real_per_class}-s{seed}"
    run = job.new_run(cfg, runs_root, name.replace("(", "").replace("/", "-"))
    result = job.train(cfg, run, data=[data, test], progress=False)
    if console is not None:
        console.print(f"{setting.name}, seed {seed}: {100 * result.metrics['test/accuracy']:.1f}%")
    return float(result.metrics["test/accuracy"])
