"""``genlab audit RUN``: audits of what a trained model generates.

Image runs: balance, memorization, membership (likelihood models), interpretability. Text runs:
verbatim copying. Each audit writes ``RUN/audit/<name>.json`` (its numbers and a one-line
summary) and its figures beside it; the run's report gets an "Audits" section and ``run.json``
an ``audits`` entry, which ``genlab card`` quotes. The statistics themselves live in one module
each (:mod:`genlab.responsible.balance`, ``memorization``, ``membership``, ``text_copying``,
``interpretability``); this module gathers the data they need.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from genlab.errors import ConfigError
from genlab.fileio import write_atomic
from genlab.responsible import balance, membership, memorization, text_copying
from genlab.responsible.records import ALL_AUDITS, IMAGE_AUDITS, TEXT_AUDITS, audit_folder, read_audits  # noqa: F401

@dataclass
class Audit:
    name: str
    summary: str
    result: dict = field(default_factory=dict)
    figures: list[Path] = field(default_factory=list)
    skipped: str | None = None  # why this audit could not run on this run


@dataclass
class Settings:
    samples: int = 2000       # generated images
    passages: int = 20        # generated passages (text runs)
    members: int = 1000       # training and held-out examples each, for membership inference
    cells: int = 10           # k-means cells of the data-copying test
    text_chars: int = 500     # characters per generated passage
    ngram: int = 50
    seed: int = 0
    device: str = "auto"


def audit_run(run_dir, only: list[str] | None = None, settings: Settings | None = None) -> list[Audit]:
    """Run the audits that apply to the run (or those in ``only``) and record them in the run."""
    from genlab.models.capabilities import ImageSampling, TextGeneration
    from genlab.training.job import load_data, load_trained

    s = settings or Settings()
    _check(only, s)
    model, cfg = load_trained(run_dir, s.device)
    if isinstance(model, ImageSampling):
        names, runner = IMAGE_AUDITS, _ImageAudits(model, load_data(cfg), s, run_dir)
    elif isinstance(model, TextGeneration):
        names, runner = TEXT_AUDITS, _TextAudits(model, load_data(cfg), s)
    else:
        raise ConfigError(f"genlab audit works on image and text generators; this run's model "
                          f"{cfg.model['name']!r} is neither")
    wanted = only or list(names)
    wrong = [n for n in wanted if n not in names]
    if wrong:
        raise ConfigError(f"audit {wrong[0]!r} does not apply to a {cfg.model['name']} run; "
                          f"its audits: {', '.join(names)}")
    torch.manual_seed(s.seed)
    results = [getattr(runner, name)() for name in wanted]
    if only and any(a.skipped for a in results):
        bad = next(a for a in results if a.skipped)
        raise ConfigError(f"audit {bad.name!r} cannot run on this run: {bad.skipped}")
    record(run_dir, results, s)
    return results


def _check(only, s: Settings) -> None:
    for name in only or []:
        if name not in ALL_AUDITS:
            raise ConfigError(f"unknown audit {name!r}; choose from: {', '.join(ALL_AUDITS)}")
    if not 20 <= s.samples <= 50_000:
        raise ConfigError(f"--samples must be between 20 and 50000, got {s.samples}")
    if not 1 <= s.passages <= 1000 or not 20 <= s.text_chars <= 10_000:
        raise ConfigError(f"--passages must be in 1..1000 and --chars in 20..10000, "
                          f"got {s.passages} and {s.text_chars}")
    if s.members < 10:
        raise ConfigError(f"--members must be at least 10, got {s.members}")
    if not 2 <= s.cells <= 100:
        raise ConfigError(f"--cells must be between 2 and 100, got {s.cells}")


def record(run_dir, results: list[Audit], s: Settings) -> None:
    """One JSON file per audit, the summaries in run.json, and the report rewritten."""
    from genlab.run_folder.report import write_report

    folder = audit_folder(run_dir)
    folder.mkdir(parents=True, exist_ok=True)
    summaries = dict(run_dir.read_info().get("audits", {}))
    for a in results:
        payload = {"audit": a.name, "summary": a.summary, "skipped": a.skipped, "result": a.result,
                   "figures": [p.name for p in a.figures], "settings": s.__dict__,
                   "step": run_dir.read_info().get("step")}
        write_atomic(folder / f"{a.name}.json", json.dumps(payload, indent=1, default=float))
        summaries[a.name] = a.summary if not a.skipped else f"not run: {a.skipped}"
    run_dir.update_info(audits=summaries)
    write_report(run_dir)


# -- image runs ---------------------------------------------------------------------------------
class _ImageAudits:
    def __init__(self, model, data, s: Settings, run_dir):
        from genlab.metrics.features import dataset_for, load_classifier

        self.model, self.s, self.folder = model, s, audit_folder(run_dir)
        self.train, self.test = data
        info = model.data_info
        name = dataset_for(info.shape, info.classes)
        self.classifier = load_classifier(name, model.device) if name else None
        self.embedding = f"features of genlab's {name} classifier" if name else \
            "raw pixels (genlab ships no feature classifier for this data)"
        gen = torch.Generator().manual_seed(s.seed)
        self.samples = model.sample(s.samples, generator=gen).cpu()  # balanced classes if conditional

    def _embed(self, images: torch.Tensor) -> tuple[np.ndarray, np.ndarray | None]:
        from genlab.metrics.features import classify

        if self.classifier is None:
            return images.flatten(1).float().numpy(), None
        feats, preds = classify(self.classifier, images)
        return feats.cpu().double().numpy(), preds.cpu().numpy()

    def balance(self) -> Audit:
        if self.classifier is None:
            return Audit("balance", "", skipped="there is no feature classifier for this data to label the samples")
        _, predicted = self._embed(self.samples)
        result = balance.class_balance(predicted, self.train.labels.cpu().numpy(), list(self.model.data_info.classes))
        figure = self.folder / "balance.png"
        _save(_balance_figure(result), figure)
        return Audit("balance", balance.summary(result), result, [figure])

    def memorization(self) -> Audit:
        from genlab.run_folder.images import save_grid

        train_x = self.train.float_images().cpu()
        test_x = self.test.float_images().cpu()
        result = memorization.data_copying_test(self._embed(train_x)[0], self._embed(test_x)[0],
                                                self._embed(self.samples)[0], cells=self.s.cells,
                                                seed=self.s.seed)
        result["embedding"] = self.embedding
        pairs = result["closest"][:8]
        grid = torch.stack([torch.stack([self.samples[p["sample"]], train_x[p["train"]]]) for p in pairs], 1)
        figure = save_grid(grid.flatten(0, 1), self.folder / "memorization-closest.png", nrow=len(pairs),
                           what="audit: closest (sample, training image) pairs; top row samples")
        return Audit("memorization", memorization.summary(result), result, [figure])

    def membership(self) -> Audit:
        from genlab.models.capabilities import ExampleLosses

        if not isinstance(self.model, ExampleLosses):
            return Audit("membership", "", skipped=f"model {self.model.config.name!r} gives no per-example "
                         "likelihood (membership inference audits vae, cvae and diffusion)")
        n = min(self.s.members, len(self.train), len(self.test))
        member = self._losses(self.train, n)
        other = self._losses(self.test, n)
        result = membership.loss_threshold_attack(member, other)
        figure = self.folder / "membership-roc.png"
        _save(_roc_figure(result), figure)
        return Audit("membership", membership.summary(result), result, [figure])

    def _losses(self, data, n: int) -> np.ndarray:
        gen = torch.Generator(device=self.model.device).manual_seed(self.s.seed)
        out = []
        for i in range(0, n, 250):
            x = data.float_images(slice(i, min(i + 250, n))).to(self.model.device)
            y = data.labels[i:min(i + 250, n)].to(self.model.device)
            out.append(self.model.example_losses((x, y), gen).float().cpu())
        return torch.cat(out).numpy()

    def interpretability(self) -> Audit:
        from genlab.responsible import interpretability as interp
        from genlab.run_folder.images import save_grid

        figures, parts, result = [], [], {}
        test_x = self.test.float_images(slice(0, 1000))
        activity = interp.latent_activity(self.model, test_x, self.test.labels[:1000])
        walk = interp.latent_traversals(self.model, activity, seed=self.s.seed)
        if walk is not None:
            images, dims = walk
            figures.append(save_grid(images, self.folder / "latent-traversals.png", nrow=images.shape[0] // len(dims),
                                     what="audit: latent traversals, one dimension per row"))
            result["traversal_dims"] = dims
            parts.append(f"latent traversals of {len(dims)} dimensions")
            if activity is not None:
                result["active_dims"] = int((activity > 0.01).sum())
                result["latent_dims"] = int(len(activity))
                parts.append(f"{result['active_dims']} of {result['latent_dims']} latent dimensions active (variance > 0.01)")
        if self.classifier is not None:
            shown = self.samples[:16]
            maps, predicted = interp.attributions(self.classifier, shown)
            grid = torch.cat([shown, maps.expand_as(shown)])
            figures.append(save_grid(grid, self.folder / "attributions.png", nrow=16,
                                     what="audit: integrated gradients of the classifier's predicted class"))
            classes = self.model.data_info.classes
            result["attributed_classes"] = [classes[int(c)] for c in predicted]
            parts.append("integrated-gradients attributions of the classifier on 16 samples")
        if not parts:
            return Audit("interpretability", "", skipped="no latent vector to walk and no classifier to explain")
        return Audit("interpretability", "; ".join(parts), result, figures)


# -- text runs ----------------------------------------------------------------------------------
class _TextAudits:
    def __init__(self, model, data, s: Settings):
        self.model, self.s = model, s
        self.train = data[0]

    def text(self) -> Audit:
        corpus = self.model.tokenizer.decode(self.train.tokens.cpu().tolist())
        prompts = _prompts(corpus, self.s.passages, self.s.seed)
        samples = ["".join(self.model.generate_text(p, self.s.text_chars, temperature=0.8,
                                                    generator=torch.Generator().manual_seed(self.s.seed + i)))
                   for i, p in enumerate(prompts)]
        result = text_copying.text_copying(samples, corpus, self.s.ngram)
        return Audit("text", text_copying.summary(result), result)


def _prompts(corpus: str, n: int, seed: int) -> list[str]:
    """Prompts of a few characters from the start of random training lines."""
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, max(1, len(corpus) - 100), n)
    out = []
    for s in starts:
        line = corpus.find("\n", int(s)) + 1
        out.append(corpus[line:line + 8] or "\n")
    return out


# -- figures ------------------------------------------------------------------------------------
def _save(fig, path: Path) -> None:
    from genlab.responsible.provenance import stamp

    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    stamp(path, what=f"audit figure: {path.stem}")


def _balance_figure(result: dict):
    from genlab.run_folder.plots import inline_figure

    rows = result["classes"]
    fig = inline_figure(figsize=(7, 3.2))
    ax = fig.subplots()
    x = np.arange(len(rows))
    ax.bar(x - 0.2, [r["data_share"] for r in rows], 0.4, label="training data")
    ax.bar(x + 0.2, [r["sample_share"] for r in rows], 0.4, label="samples (classifier's labels)")
    ax.set_xticks(x, [r["class"] for r in rows], rotation=30, fontsize=7)
    ax.set_ylabel("share")
    ax.set_title(f"class balance: chi-square p = {result['p_value']:.2g}")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def _roc_figure(result: dict):
    from genlab.run_folder.plots import inline_figure

    fig = inline_figure(figsize=(3.6, 3.4))
    ax = fig.subplots()
    ax.plot(result["roc"]["fpr"], result["roc"]["tpr"], label=f"attack, AUC {result['auc']:.3f}")
    ax.plot([0, 1], [0, 1], "--", color="grey", label="chance")
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate")
    ax.set_title("membership inference (loss threshold)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig
