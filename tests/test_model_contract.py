"""The contract every registered model keeps (see genlab.models.base and .capabilities).

For each name in the registry: the config is checked before anything is written, the one trainer
builds it, takes a training step and evaluates it, the checkpoint loads back into an equal model,
and every capability the model declares works (sample / interpolate, generate text, predict,
embed). A new model cannot join the registry without a row here.
"""

from __future__ import annotations

import pytest
import torch

from genlab.config import read_recipe, recipe_names, validate
from genlab.errors import ConfigError
from genlab.models import MODELS, model_class
from genlab.models.base import Model
from genlab.models.capabilities import (CAPABILITIES, ExampleLosses, ImageSampling, NoisePrediction, SequencePrediction,
                                        TextGeneration, VideoPrediction, WordEmbedding)
from genlab.run_folder.run_dir import RunDir
from genlab.training import job
from tests.language.conftest import small_text

IMAGES = {"eval_samples": 100, "quick_eval_samples": 0}
VIDEO = {"objects": 1, "frame_size": 16, "digit_size": 8, "frames_in": 3, "frames_out": 2,
         "train_size": 32, "test_size": 8}
TINY = {
    "vae": {"hidden_dim": 16, "latent_dim": 2, "eval_iw_samples": 2},
    "autoencoder": {"latent_dim": 4, "channels": 8, **IMAGES},
    "cvae": {"latent_dim": 4, "channels": 8, "hidden_dim": 16, "p_uncond": 0.1, **IMAGES},
    "dcgan": {"latent_dim": 8, "channels": 8, **IMAGES},
    "wgan": {"latent_dim": 8, "channels": 8, "critic_iters": 1, **IMAGES},
    "cgan": {"latent_dim": 8, "channels": 8, "embed_dim": 4, **IMAGES},
    "diffusion": {"channels": 8, "mults": [1, 2], "timesteps": 20, "sample_steps": 2, **IMAGES},
    "flow-matching": {"channels": 8, "mults": [1, 2], "sample_steps": 2, **IMAGES},
    "pixelcnn": {"channels": 8, "layers": 2, "kernel": 3, "first_kernel": 3, **IMAGES},
    "realnvp": {"levels": 2, "steps": 1, "hidden": 8, **IMAGES},
    "vqvae": {"channels": 4, "codebook_size": 8, "code_dim": 4, "vq_steps": 1, "prior_layers": 1,
              "prior_heads": 2, "prior_embd": 16, **IMAGES},
    "classifier": {"channels": 4, "features": 8},
    "gpt": {"block_size": 16, "n_layer": 1, "n_head": 2, "n_embd": 16, "sample_tokens": 5},
    "char-rnn": {"block_size": 16, "n_layer": 1, "hidden": 16, "embed": 8, "bptt": 8,
                 "sample_tokens": 5},
    "word2vec": {"dim": 8, "min_count": 1, "plot_words": []},
    "seq2seq": {"train_size": 64, "test_size": 16, "embed": 8, "hidden": 16, "attention": 8,
                "beam": 2, "heatmaps": 0},
    "convlstm": {**VIDEO, "hidden": [8], "kernel": 3, "patch": 2},
    "simvp": {**VIDEO, "hidden": 8, "translator": 16, "blocks": 1, "groups": 4},
    "svg": {**VIDEO, "features": 4, "frame_dim": 8, "z_dim": 2, "rnn_size": 8, "predictor_layers": 1,
            "eval_samples": 2},
}
TEXT = {"gpt", "char-rnn", "word2vec"}


def test_every_registered_model_has_a_contract_row():
    assert set(TINY) == set(MODELS)
    for name in MODELS:
        assert issubclass(model_class(name), Model)


def run_config(name: str, corpus) -> dict:
    """The model's first shipped recipe (its optimizer as shipped), shrunk to a tiny model on
    tiny local data: scikit-learn's 8x8 digits, or a small text file."""
    recipe = next(r for r in recipe_names() if read_recipe(r)["model"]["name"] == name)
    table = read_recipe(recipe)
    dataset = str(corpus) if name in TEXT else "moving-digits" if "frame_size" in TINY[name] else "digits"
    table["model"] = {"name": name, **TINY[name]}
    table["data"] = {"dataset": dataset, "batch_size": 16, "eval_batch_size": 32,
                     "limit_train": 64, "limit_test": 32}
    table["train"] = {"steps": 2, "eval_every": 100, "log_every": 1, "num_samples": 4}
    return table


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "corpus.txt"
    path.write_text(small_text(10))
    return path


@pytest.mark.parametrize("name", sorted(TINY))
def test_model_keeps_the_contract(name, corpus, tmp_path):
    cfg = job.prepare(validate(run_config(name, corpus)))
    resolved = model_class(name).parse_config(cfg.model).model_dump(mode="json", exclude_none=True)
    assert cfg.model == resolved   # every default written out: the run folder says everything
    data = job.load_data(cfg)
    model = job.build_model(cfg, data[0].info())
    run = job.new_run(cfg, tmp_path)
    result = job.train(cfg, run, progress=False, data=data, model=model)
    assert result.status == "finished" and result.step == 2
    assert all(torch.isfinite(torch.tensor(v)) for v in result.metrics.values()), result.metrics
    assert run.read_info()["key_metric"] == model.key_metric

    loaded, _ = job.load_trained(RunDir(run.path), "cpu")
    trained = {k: v.cpu() for k, v in model.state_dict().items()}
    for key, value in loaded.state_dict().items():
        assert torch.equal(value, trained[key]), key
    declared = [c for c in CAPABILITIES if isinstance(loaded, c)]
    for capability in declared:
        CHECKS[capability](loaded)


def check_image_sampling(model):
    gen = torch.Generator().manual_seed(0)
    shape = tuple(model.data_info.shape)
    images = model.sample(4, generator=gen)
    assert images.shape == (4, *shape) and 0 <= images.min() and images.max() <= 1
    assert model.interpolate(gen, rows=2, steps=3).shape == (6, *shape)
    same = model.sample(3, generator=torch.Generator().manual_seed(1))
    assert torch.equal(same, model.sample(3, generator=torch.Generator().manual_seed(1)))
    if model.conditional:
        assert model.sample(2, generator=gen, labels=1).shape == (2, *shape)
        with pytest.raises(ConfigError, match="out of range"):
            model.sample(2, labels=model.data_info.num_classes)
    else:
        with pytest.raises(ConfigError, match="not class-conditional"):
            model.sample(2, labels=0)
    if getattr(model.config, "p_uncond", 0) > 0 and model.conditional:
        assert model.sample(2, generator=gen, labels=0, guidance=2.0).shape == (2, *shape)
        with pytest.raises(ConfigError, match="between 0 and"):
            model.sample(2, labels=0, guidance=99.0)
    else:
        with pytest.raises(ConfigError, match="label dropout"):
            model.sample(2, guidance=2.0)


def check_text_generation(model):
    text = "".join(model.generate_text("the", 5, generator=torch.Generator().manual_seed(0)))
    assert isinstance(text, str) and text


def check_sequence_prediction(model):
    assert isinstance(model.predict("the 3rd of may 1998"), str)
    assert isinstance(model.predict("the 3rd of may 1998", beam=2), str)


def check_word_embedding(model):
    neighbours = model.most_similar("the", 3)
    assert len(neighbours) == 3 and all(isinstance(w, str) for w, _ in neighbours)
    assert len(model.analogy("king", "queen", "man", 2)) == 2


def check_video_prediction(model):
    _, c, h, w = model.data_info.shape
    inputs = torch.rand(2, model.frames_in, c, h, w)
    futures = model.predict(inputs)
    assert futures.shape == (1, 2, model.frames_out, c, h, w) and 0 <= futures.min() and futures.max() <= 1
    if not model.stochastic:
        assert torch.equal(futures, model.predict(inputs))
        with pytest.raises(ConfigError, match="deterministic"):
            model.check_samples(2)
    else:
        several = model.predict(inputs, samples=3)
        assert several.shape == (3, 2, model.frames_out, c, h, w) and model.check_samples(3) == 3
        assert not torch.equal(several[0], several[1])  # each sample its own future


def check_example_losses(model):
    x, y = (t.float().div(255) if t.dtype == torch.uint8 else t for t in _image_batch(model, 6))
    first = model.example_losses((x, y), torch.Generator().manual_seed(0))
    assert first.shape == (6,) and torch.isfinite(first).all()
    assert torch.allclose(first, model.example_losses((x, y), torch.Generator().manual_seed(0)))
    # a batch of another size works too (one loss per example)
    alone = model.example_losses((x[:2], y[:2]), torch.Generator().manual_seed(0))
    assert alone.shape == (2,) and torch.isfinite(alone).all()


def _image_batch(model, n):
    gen = torch.Generator().manual_seed(3)
    return (torch.rand(n, *model.data_info.shape, generator=gen),
            torch.randint(0, model.data_info.num_classes, (n,), generator=gen))


CHECKS = {ImageSampling: check_image_sampling, ExampleLosses: check_example_losses, TextGeneration: check_text_generation,
          SequencePrediction: check_sequence_prediction, WordEmbedding: check_word_embedding,
          VideoPrediction: check_video_prediction}


def test_every_capability_has_a_check():
    assert set(CHECKS) == set(CAPABILITIES)


def check_noise_prediction(model):
    x = torch.rand(3, *model.data_info.shape) * 2 - 1
    t = torch.full((3,), model.schedule.steps // 2, dtype=torch.long)
    eps = model.noise_predictor()(x, t)
    assert eps.shape == x.shape and torch.isfinite(eps).all()
    if model.conditional:
        guided = model.noise_predictor(torch.tensor([1]), guidance=2.0)(x, t)
        assert guided.shape == x.shape and not torch.equal(guided, eps)


CHECKS[NoisePrediction] = check_noise_prediction
