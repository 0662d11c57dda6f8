"""Lab guides: one notebook per lab that a learner reads and runs top to bottom.

Each guide is kept as a plain-text source in ``sources/`` (jupytext's "percent" format: ``# %%``
starts a code cell, ``# %% [markdown]`` a text cell), so a change to a guide is a readable diff.
``genlab notebook LAB`` turns one into an ``.ipynb`` file (:mod:`genlab.guides.notebook`).

A guide trains at laptop size. Set ``GENLAB_GUIDE_TINY=1`` and every guide trains for a few
steps on tiny local data instead (CI runs them that way); :func:`lab_settings` is how a guide
says both sizes, and the guides' text says what the tiny run does and does not show.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SOURCES = Path(__file__).parent / "sources"
TINY_ENV = "GENLAB_GUIDE_TINY"


@dataclass(frozen=True)
class Guide:
    name: str
    title: str
    milestones: tuple[int, ...]
    kind: str = "lab"  # lab | paper | maths

    @property
    def source(self) -> Path:
        return SOURCES / f"{self.name.replace('-', '_')}.py"


# the labs' guides, then the paper reproductions and the maths guides
GUIDES: dict[str, Guide] = {g.name: g for g in [
    Guide("autoencoder", "Autoencoders: compress, rebuild, denoise", (4, 5)),
    Guide("vae", "The variational autoencoder", (4, 5, 7)),
    Guide("dcgan", "Generative adversarial networks (DCGAN)", (4, 5, 7)),
    Guide("wgan-gp", "Wasserstein GANs and the gradient penalty", (7,)),
    Guide("cgan", "Conditional GANs", (9, 11)),
    Guide("cvae", "The conditional VAE", (7, 9)),
    Guide("diffusion", "Denoising diffusion", (7, 9)),
    Guide("char-rnn", "Character-level recurrent language models", (6, 8)),
    Guide("word2vec", "Word embeddings with skip-gram", (8,)),
    Guide("seq2seq", "Sequence to sequence with attention", (8,)),
    Guide("gpt", "A small GPT", (8,)),
    Guide("video", "Video prediction: ConvLSTM, SimVP and SVG", (9,)),
    Guide("model-families", "Flow matching, PixelCNN, RealNVP and the VQ-VAE", (15, 19)),
    Guide("keras-vae", "The VAE in Keras 3 (PyTorch backend)", (6, 7)),
    Guide("keras-dcgan", "The DCGAN in Keras 3 (PyTorch backend)", (6, 7)),
    Guide("optimizers", "The optimization lab: SGD, momentum, Adam, schedules", (6, 10)),
    Guide("applications", "Applications: your own images, creative tools, augmentation measured", (5, 11, 15)),
    Guide("responsible", "Responsible AI: audits, privacy, fairness, provenance", (13,)),
    Guide("maths-rate-distortion", "The VAE as rate and distortion", (12,), "maths"),
    Guide("maths-variational-inference", "Variational inference against the exact posterior", (12,), "maths"),
    Guide("paper-vae-latent-size", "Kingma & Welling (2014): the bound against the latent size",
          (14,), "paper"),
    Guide("paper-iwae", "Burda et al. (2016): importance-weighted autoencoders", (12, 14), "paper"),
    Guide("paper-wgan-gp", "Gulrajani et al. (2017): weight clipping against the gradient penalty",
          (7, 14), "paper"),
    Guide("paper-ddim-steps", "Song et al. (2021): DDIM against DDPM-style sampling", (9, 14), "paper"),
    Guide("paper-attention-ablations", "Vaswani et al. (2017): which parts of attention matter",
          (8, 14), "paper"),
]}


def guide(name: str) -> Guide:
    from genlab.errors import unknown

    if name not in GUIDES:
        raise unknown("guide", name, GUIDES)
    return GUIDES[name]


def guides_for_milestone(milestone: int) -> list[Guide]:
    return [g for g in GUIDES.values() if milestone in g.milestones]


def is_tiny() -> bool:
    return os.environ.get(TINY_ENV, "") not in ("", "0")


def lab_settings(full: dict[str, Any], tiny: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of ``genlab.train`` for this guide: ``full`` at laptop size, or
    ``tiny`` when ``GENLAB_GUIDE_TINY`` is set (a few steps on local data, for the test build).
    Both are printed, so the reader always sees which ran."""
    chosen = dict(tiny if is_tiny() else full)
    print(("tiny test run: " if is_tiny() else "laptop run: ") + ", ".join(f"{k}={v!r}" for k, v in chosen.items()))
    return chosen


def tiny_corpus(folder: str | Path = ".") -> Path:
    """A small English text for the language guides' tiny runs: the roadmap's own milestone
    summaries (genlab's words), written to ``folder/tiny-corpus.txt``."""
    from genlab.roadmap.loader import load_curriculum

    curriculum = load_curriculum()
    text = "\n".join(f"{m.title}. {m.summary} {m.why}" for m in curriculum.milestones)
    path = Path(folder) / "tiny-corpus.txt"
    path.write_text((text.lower() + "\n") * 3, encoding="utf-8")
    return path
