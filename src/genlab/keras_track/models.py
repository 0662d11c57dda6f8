"""genlab's VAE and DCGAN in Keras 3: layers from ``keras.layers``, maths from ``keras.ops``, a
custom ``train_step`` each, trained by ``model.fit``.

Why a custom ``train_step``: ``fit`` normally computes ``loss(y, model(x))`` and one gradient
step. A VAE's loss needs the encoder's statistics and a random draw, and a GAN takes two steps
with two optimizers, so both override ``train_step`` (the Keras guide "Customizing what happens
in fit()") and keep everything else of ``fit``: batching, shuffling, epochs, callbacks, the
progress bar, the history.

Gradients are the one thing Keras leaves to its backend: PyTorch's ``backward()`` or
TensorFlow's ``GradientTape``. :func:`loss_and_gradients` hides that difference, so the same
models run on either backend. They mirror the PyTorch labs' recipes (``vae``: an MLP
784-400-20 with a Bernoulli decoder; ``dcgan``: z 64, transposed convolutions, Adam 2e-4 with
beta1 0.5), without the EMA of the generator that genlab's DCGAN samples from.
"""

from __future__ import annotations

import time

from genlab.errors import ConfigError
from genlab.keras_track import import_keras

keras = import_keras()
ops, layers = keras.ops, keras.layers


def loss_and_gradients(loss_fn, variables):
    """``loss_fn()`` and its gradients with respect to ``variables``, on any backend."""
    name = keras.backend.backend()
    if name == "torch":
        for v in variables:           # PyTorch accumulates gradients: start from zero
            v.value.grad = None
        loss = loss_fn()
        loss.backward()
        return loss, [v.value.grad for v in variables]
    if name == "tensorflow":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss = loss_fn()
        return loss, tape.gradient(loss, variables)
    raise ConfigError(f"the Keras track runs on the torch or tensorflow backend, not {name!r}")


def apply_gradients(optimizer, gradients, variables) -> None:
    """One optimizer step (outside PyTorch's autograd: the update is not part of the graph)."""
    if keras.backend.backend() == "torch":
        import torch

        with torch.no_grad():
            optimizer.apply(gradients, variables)
    else:
        optimizer.apply(gradients, variables)


def bernoulli_nll(x, logits):
    """-log p(x | logits) of pixels in [0, 1], summed per image: softplus(l) - x l."""
    return ops.sum(ops.softplus(logits) - x * logits, axis=-1)


class VAE(keras.Model):
    """The variational autoencoder of genlab's ``vae`` recipe: an MLP encoder to a Gaussian
    q(z | x), an MLP decoder to Bernoulli pixels, trained on the negative ELBO in nats."""

    def __init__(self, image_shape=(28, 28, 1), hidden: int = 400, latent_dim: int = 20, seed: int = 0, **kw):
        super().__init__(**kw)
        self.image_shape, self.latent_dim = tuple(image_shape), latent_dim
        pixels = int(image_shape[0] * image_shape[1] * image_shape[2])
        self.encoder = keras.Sequential([layers.Flatten(), layers.Dense(hidden, activation="relu"),
                                         layers.Dense(2 * latent_dim)], name="encoder")
        self.decoder = keras.Sequential([layers.Dense(hidden, activation="relu"), layers.Dense(pixels)],
                                        name="decoder")
        self.seeds = keras.random.SeedGenerator(seed)
        self.tracked = {k: keras.metrics.Mean(name=k) for k in ("loss", "recon", "kl")}

    def call(self, x, training=False):
        """Reconstruction logits from the posterior mean (what ``predict`` returns)."""
        mu, _ = ops.split(self.encoder(x, training=training), 2, axis=-1)
        return self.decoder(mu, training=training)

    def terms(self, x, training=False):
        """(recon, kl) per image: one reparameterized draw z = mu + sigma * eps."""
        mu, logvar = ops.split(self.encoder(x, training=training), 2, axis=-1)
        eps = keras.random.normal(ops.shape(mu), seed=self.seeds)
        logits = self.decoder(mu + ops.exp(0.5 * logvar) * eps, training=training)
        recon = bernoulli_nll(ops.reshape(x, (ops.shape(x)[0], -1)), logits)
        kl = -0.5 * ops.sum(1 + logvar - ops.square(mu) - ops.exp(logvar), axis=-1)
        return recon, kl

    def train_step(self, data):
        x = data[0] if isinstance(data, (tuple, list)) else data
        parts = {}

        def nelbo():
            recon, kl = self.terms(x, training=True)
            parts.update(recon=ops.mean(recon), kl=ops.mean(kl))
            return parts["recon"] + parts["kl"]

        loss, grads = loss_and_gradients(nelbo, self.trainable_variables)
        apply_gradients(self.optimizer, grads, self.trainable_variables)
        for name, value in {"loss": loss, **parts}.items():
            self.tracked[name].update_state(value)
        return {k: m.result() for k, m in self.tracked.items()}

    def test_step(self, data):
        x = data[0] if isinstance(data, (tuple, list)) else data
        recon, kl = self.terms(x)
        for name, value in {"loss": recon + kl, "recon": recon, "kl": kl}.items():
            self.tracked[name].update_state(ops.mean(value))
        return {k: m.result() for k, m in self.tracked.items()}

    @property
    def metrics(self):
        return list(self.tracked.values())

    def sample(self, n: int, seed: int = 0):
        """``n`` images (N, H, W, C) in [0, 1]: the decoder's pixel means at z ~ N(0, I)."""
        z = keras.random.normal((n, self.latent_dim), seed=seed)
        return ops.convert_to_numpy(ops.reshape(ops.sigmoid(self.decoder(z)), (n, *self.image_shape)))


class DCGAN(keras.Model):
    """A DCGAN (Radford et al., 2016) at native resolution: dense then transposed convolutions
    for the generator, strided convolutions for the discriminator, the non-saturating loss."""

    def __init__(self, image_shape=(28, 28, 1), latent_dim: int = 64, width: int = 64, seed: int = 0, **kw):
        super().__init__(**kw)
        h, w, c = image_shape
        if h % 4 or w % 4:
            raise ConfigError(f"the Keras DCGAN needs a height and width divisible by 4, got {h}x{w}")
        self.image_shape, self.latent_dim = tuple(image_shape), latent_dim
        self.generator = keras.Sequential([
            keras.Input((latent_dim,)),
            layers.Dense((h // 4) * (w // 4) * 2 * width), layers.BatchNormalization(), layers.ReLU(),
            layers.Reshape((h // 4, w // 4, 2 * width)),
            layers.Conv2DTranspose(width, 4, strides=2, padding="same"), layers.BatchNormalization(), layers.ReLU(),
            layers.Conv2DTranspose(c, 4, strides=2, padding="same", activation="tanh"),
        ], name="generator")
        self.discriminator = keras.Sequential([
            keras.Input(tuple(image_shape)),
            layers.Conv2D(width // 2, 4, strides=2, padding="same"), layers.LeakyReLU(0.2),
            layers.Conv2D(width, 4, strides=2, padding="same"), layers.BatchNormalization(), layers.LeakyReLU(0.2),
            layers.Flatten(), layers.Dense(1),
        ], name="discriminator")
        self.seeds = keras.random.SeedGenerator(seed)
        self.tracked = {k: keras.metrics.Mean(name=k) for k in ("d_loss", "g_loss")}
        self.built = True   # both networks are built from their Inputs; fit must not call(images)

    def compile(self, d_optimizer=None, g_optimizer=None, **kw):
        """Two optimizers, one per network (default: Adam 2e-4, beta1 0.5, as DCGAN's paper)."""
        super().compile(**kw)
        self.d_optimizer = d_optimizer or keras.optimizers.Adam(2e-4, beta_1=0.5)
        self.g_optimizer = g_optimizer or keras.optimizers.Adam(2e-4, beta_1=0.5)

    def call(self, z, training=False):
        return (self.generator(z, training=training) + 1) / 2

    def train_step(self, data):
        real = (data[0] if isinstance(data, (tuple, list)) else data) * 2 - 1   # images in [-1, 1]
        n = ops.shape(real)[0]

        def d_loss():   # real scores up, fake scores down: softplus(-d(x)) + softplus(d(G(z)))
            fake = self.generator(keras.random.normal((n, self.latent_dim), seed=self.seeds), training=True)
            return (ops.mean(ops.softplus(-self.discriminator(real, training=True)))
                    + ops.mean(ops.softplus(self.discriminator(ops.stop_gradient(fake), training=True))))

        def g_loss():   # the non-saturating generator loss: softplus(-d(G(z)))
            fake = self.generator(keras.random.normal((n, self.latent_dim), seed=self.seeds), training=True)
            return ops.mean(ops.softplus(-self.discriminator(fake, training=True)))

        d_vars, g_vars = self.discriminator.trainable_variables, self.generator.trainable_variables
        dl, grads = loss_and_gradients(d_loss, d_vars)
        apply_gradients(self.d_optimizer, grads, d_vars)
        gl, grads = loss_and_gradients(g_loss, g_vars)
        apply_gradients(self.g_optimizer, grads, g_vars)
        self.tracked["d_loss"].update_state(dl)
        self.tracked["g_loss"].update_state(gl)
        return {k: m.result() for k, m in self.tracked.items()}

    @property
    def metrics(self):
        return list(self.tracked.values())

    def sample(self, n: int, seed: int = 0, batch: int = 500):
        """``n`` images (N, H, W, C) in [0, 1] from z ~ N(0, I)."""
        import numpy as np

        z = keras.random.normal((n, self.latent_dim), seed=seed)
        parts = [ops.convert_to_numpy(self(z[i:i + batch])) for i in range(0, n, batch)]
        return np.concatenate(parts).clip(0, 1)


class TimeBudget(keras.callbacks.Callback):
    """Stop ``fit`` after ``minutes`` of training (checked after every batch), as genlab's
    ``train.minutes`` does, so two libraries can be compared at equal time."""

    def __init__(self, minutes: float):
        super().__init__()
        self.seconds, self.start, self.stopped_at = minutes * 60, None, None

    def on_train_begin(self, logs=None):
        self.start = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        if time.perf_counter() - self.start >= self.seconds:
            self.model.stop_training = True
            self.stopped_at = batch
