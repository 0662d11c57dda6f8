"""Tiny trained runs of several model families, shared by the export and serving tests."""

from __future__ import annotations

import pytest

from tests.language.conftest import small_text

IMAGES = {"model.eval_samples": 100, "model.quick_eval_samples": 0}
TINY = {
    "dcgan": {"model.latent_dim": 8, "model.channels": 8},
    "cvae": {"model.latent_dim": 4, "model.channels": 8, "model.hidden_dim": 16},
    "flow-matching": {"model.channels": 8, "model.mults": [1, 2], "model.sample_steps": 2},
    "pixelcnn": {"model.channels": 8, "model.layers": 2, "model.kernel": 3, "model.first_kernel": 3},
    "realnvp": {"model.levels": 2, "model.steps": 1, "model.hidden": 8},
    "vqvae": {"model.channels": 4, "model.codebook_size": 8, "model.code_dim": 4, "model.vq_steps": 1,
              "model.prior_layers": 1, "model.prior_heads": 2, "model.prior_embd": 16},
}
VIDEO = {"convlstm": {"model.objects": 1, "model.frame_size": 16, "model.digit_size": 8, "model.frames_in": 3,
                      "model.frames_out": 2, "model.train_size": 32, "model.test_size": 8,
                      "model.hidden": [8], "model.kernel": 3, "model.patch": 2}}
TEXT = {"gpt": {"model.block_size": 16, "model.n_layer": 1, "model.n_head": 2, "model.n_embd": 16}}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """name -> run folder of a 3-step run (8x8 digits for images, a tiny corpus for text)."""
    import genlab

    root = tmp_path_factory.mktemp("runs")
    corpus = root / "corpus.txt"
    corpus.write_text(small_text(10))
    runs = {}
    for name, settings in {**TINY, **TEXT, **VIDEO}.items():
        dataset = str(corpus) if name in TEXT else "moving-digits" if name in VIDEO else "digits"
        extra = IMAGES if name in TINY else {}
        run = genlab.train(name, dataset=dataset, steps=3, runs_dir=root, name=name, quiet=True,
                           set={**settings, **extra, "train.num_samples": 4})
        runs[name] = run.path
    return runs
