"""Tiny trained runs of several model families, shared by the export and serving tests."""

from __future__ import annotations

import pytest

from tests.language.conftest import small_text

IMAGES = {"model.eval_samples": 100, "model.quick_eval_samples": 0}
#: image models: recipe -> settings (8x8 digits)
TINY = {
    "vae": {"model.hidden_dim": 16, "model.latent_dim": 2, "model.eval_iw_samples": 2},
    "dcgan": {"model.latent_dim": 8, "model.channels": 8, **IMAGES},
    "cvae": {"model.latent_dim": 4, "model.channels": 8, "model.hidden_dim": 16, **IMAGES},
    "diffusion": {"model.channels": 8, "model.mults": [1, 2], "model.timesteps": 20, "model.sample_steps": 2, **IMAGES},
    "flow-matching": {"model.channels": 8, "model.mults": [1, 2], "model.sample_steps": 2, **IMAGES},
    "pixelcnn": {"model.channels": 8, "model.layers": 2, "model.kernel": 3, "model.first_kernel": 3, **IMAGES},
    "realnvp": {"model.levels": 2, "model.steps": 1, "model.hidden": 8, **IMAGES},
    "vqvae": {"model.channels": 4, "model.codebook_size": 8, "model.code_dim": 4, "model.vq_steps": 1,
              "model.prior_layers": 1, "model.prior_heads": 2, "model.prior_embd": 16, **IMAGES},
    "classifier-fashion": {"model.channels": 4, "model.features": 8},
}
VIDEO = {"convlstm": {"model.objects": 1, "model.frame_size": 16, "model.digit_size": 8, "model.frames_in": 3,
                      "model.frames_out": 2, "model.train_size": 32, "model.test_size": 8,
                      "model.hidden": [8], "model.kernel": 3, "model.patch": 2}}
TEXT = {"gpt": {"model.block_size": 16, "model.n_layer": 1, "model.n_head": 2, "model.n_embd": 16},
        "char-rnn": {"model.block_size": 16, "model.n_layer": 1, "model.hidden": 16, "model.embed": 8,
                     "model.bptt": 8}}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """recipe -> run folder of a 3-step run (8x8 digits for images, a tiny corpus for text,
    generated moving digits for video)."""
    import genlab

    root = tmp_path_factory.mktemp("runs")
    corpus = root / "corpus.txt"
    corpus.write_text(small_text(10))
    runs = {}
    for name, settings in {**TINY, **TEXT, **VIDEO}.items():
        dataset = str(corpus) if name in TEXT else "moving-digits" if name in VIDEO else "digits"
        run = genlab.train(name, dataset=dataset, steps=3, runs_dir=root, name=name, quiet=True,
                           set={**settings, "train.num_samples": 4})
        runs[name] = run.path
    return runs
