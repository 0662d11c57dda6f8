"""The Keras track: Keras 3 models on the PyTorch backend, trained by fit() on genlab's data and
scored by genlab's metrics."""

from __future__ import annotations

import numpy as np
import pytest

from genlab.errors import ConfigError  # noqa: E402
from genlab.keras_track import backend, import_keras  # noqa: E402

try:
    keras = import_keras()   # KERAS_BACKEND=torch unless set: a bare `import keras` wants TensorFlow
except ConfigError as exc:
    pytest.skip(str(exc), allow_module_level=True)
from genlab.keras_track.data import image_arrays  # noqa: E402
from tests.conftest import needs_fashion  # noqa: E402


@pytest.fixture(scope="module")
def digits():
    return image_arrays("digits", "train"), image_arrays("digits", "test")


def test_keras_runs_on_the_pytorch_backend_by_default():
    assert backend() in ("torch", "tensorflow")   # torch unless KERAS_BACKEND chose another
    import os
    if os.environ.get("KERAS_BACKEND", "torch") == "torch":
        assert backend() == "torch"


def test_the_arrays_are_genlabs_images_channels_last(digits):
    from genlab.data.images import load_images

    (x, y), _ = digits
    data = load_images("digits", "train")
    assert x.shape == (len(data), 8, 8, 1) and x.dtype == np.float32 and 0 <= x.min() and x.max() <= 1
    assert np.array_equal(x[..., 0] * 255, data.images[:, 0].numpy().astype(np.float32))
    assert np.array_equal(y, data.labels.numpy())


def test_vae_learns_with_fit_and_its_terms_are_the_elbo(digits):
    from genlab.keras_track.models import VAE

    (x, _), (xt, _) = digits
    keras.utils.set_random_seed(0)
    vae = VAE(x.shape[1:], hidden=32, latent_dim=4)
    vae.compile(optimizer=keras.optimizers.Adam(2e-3))
    before = vae.evaluate(xt, verbose=0, return_dict=True)
    history = vae.fit(x, epochs=4, batch_size=64, verbose=0).history
    after = vae.evaluate(xt, verbose=0, return_dict=True)
    assert history["loss"][-1] < history["loss"][0] and after["loss"] < before["loss"] - 2
    assert after["loss"] == pytest.approx(after["recon"] + after["kl"], rel=1e-4)
    assert after["kl"] > 0
    samples = vae.sample(6, seed=1)
    assert samples.shape == (6, 8, 8, 1) and 0 <= samples.min() and samples.max() <= 1


def test_the_bernoulli_likelihood_and_the_kl_match_closed_forms():
    from genlab.keras_track.models import VAE, bernoulli_nll, ops

    x = np.array([[0.0, 1.0, 0.5]], dtype=np.float32)
    logits = np.array([[0.0, 2.0, -1.0]], dtype=np.float32)
    p = 1 / (1 + np.exp(-logits))
    want = -(x * np.log(p) + (1 - x) * np.log(1 - p)).sum()
    assert float(ops.convert_to_numpy(bernoulli_nll(x, logits))[0]) == pytest.approx(want, rel=1e-5)
    vae = VAE((2, 2, 1), hidden=4, latent_dim=2)
    vae(np.zeros((1, 2, 2, 1), np.float32))
    enc_out = vae.encoder.layers[-1]
    enc_out.kernel.assign(np.zeros_like(ops.convert_to_numpy(enc_out.kernel)))
    enc_out.bias.assign(np.array([0.5, -1.0, np.log(2.0), 0.0], np.float32))   # mu, log var
    _, kl = vae.terms(np.zeros((1, 2, 2, 1), np.float32))
    mu, var = np.array([0.5, -1.0]), np.array([2.0, 1.0])
    assert float(ops.convert_to_numpy(kl)[0]) == pytest.approx(0.5 * (var + mu ** 2 - 1 - np.log(var)).sum(), rel=1e-5)


def test_dcgan_takes_both_steps_and_each_optimizer_moves_only_its_network(digits):
    from genlab.keras_track.models import DCGAN, ops

    (x, _), _ = digits
    keras.utils.set_random_seed(0)
    gan = DCGAN(x.shape[1:], latent_dim=8, width=8)
    gan.compile()
    g0 = [ops.convert_to_numpy(v).copy() for v in gan.generator.trainable_variables]
    d0 = [ops.convert_to_numpy(v).copy() for v in gan.discriminator.trainable_variables]
    history = gan.fit(x[:128], epochs=1, batch_size=64, verbose=0).history
    assert set(history) == {"d_loss", "g_loss"} and all(np.isfinite(v[0]) for v in history.values())
    moved = lambda before, net: [not np.array_equal(b, ops.convert_to_numpy(v))  # noqa: E731
                                 for b, v in zip(before, net.trainable_variables)]
    assert all(moved(g0, gan.generator)) and all(moved(d0, gan.discriminator))
    assert gan.d_optimizer.iterations.numpy() == 2 and gan.g_optimizer.iterations.numpy() == 2
    samples = gan.sample(5, seed=3)
    assert samples.shape == (5, 8, 8, 1) and 0 <= samples.min() and samples.max() <= 1
    assert np.array_equal(samples, gan.sample(5, seed=3))


def test_a_dcgan_needs_sides_divisible_by_four():
    from genlab.keras_track.models import DCGAN

    with pytest.raises(ConfigError, match="divisible by 4"):
        DCGAN((10, 10, 1))


def test_the_time_budget_stops_fit_early(digits):
    from genlab.keras_track.models import VAE, TimeBudget

    (x, _), _ = digits
    vae = VAE(x.shape[1:], hidden=8, latent_dim=2)
    vae.compile(optimizer="adam")
    budget = TimeBudget(minutes=0)
    history = vae.fit(x, epochs=50, batch_size=32, verbose=0, callbacks=[budget]).history
    assert len(history["loss"]) == 1 and budget.stopped_at == 0


def test_scoring_needs_images_of_16_pixels_or_more(digits):
    from genlab.keras_track.scoring import sample_quality

    (x, _), _ = digits
    assert sample_quality(x[:100], "digits") == {}


@needs_fashion
def test_real_test_images_score_near_zero_fid_and_noise_far_from_it():
    from genlab.keras_track.scoring import sample_quality

    real, _ = image_arrays("fashion-mnist", "train", limit=1000)
    noise = np.random.default_rng(0).random(real.shape, dtype=np.float32)
    good, bad = sample_quality(real), sample_quality(noise)
    assert good["fid"] < 15 < 200 < bad["fid"]
