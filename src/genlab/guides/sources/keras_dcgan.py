# %% [markdown]
# # The DCGAN in Keras 3
#
# *Roadmap milestones 6 and 7, the topic area "open-source libraries: TensorFlow, PyTorch, Keras".
# About 30 minutes; the laptop run trains for 10 minutes.*
#
# A GAN is the classic case for a custom training step: two networks, two optimizers, two losses,
# taken in turn on every batch. This guide writes the DCGAN of the `dcgan` lab again with Keras 3
# on the PyTorch backend, trains it with `model.fit` on the same Fashion-MNIST arrays for the same
# minutes, and scores it with genlab's FID, so the figure sits beside the PyTorch lab's. Read the
# `dcgan` guide first if GANs are new to you.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/keras_track/models.py`: `DCGAN`, a `keras.Model` holding two `keras.Sequential`
#   networks. `compile` takes one optimizer per network; `train_step` updates the discriminator,
#   then the generator, each with `loss_and_gradients` and its own optimizer.
# - `TimeBudget` in the same file: a Keras callback that stops `fit` after a number of minutes,
#   as genlab's `train.minutes` does.
# - `src/genlab/keras_track/scoring.py`: the same FID, KID, precision/recall and coverage as
#   `genlab evaluate`, on genlab's Fashion-MNIST classifier.
# - Compare with `src/genlab/models/dcgan.py`: the PyTorch lab also keeps an EMA of the
#   generator's weights for sampling, which this Keras version leaves out.

# %% [markdown]
# ## Train it
#
# The laptop run trains for 10 minutes on Fashion-MNIST, like the `dcgan` recipe. With
# `GENLAB_GUIDE_TINY=1` it is a few seconds of a tiny GAN on 8x8 digits: too small for FID (the
# feature extractor needs 16x16 or more), and the samples are noise, which is expected.

# %%
from genlab.guides import lab_settings
from genlab.keras_track import backend, import_keras
from genlab.keras_track.data import image_arrays

keras = import_keras()
settings = lab_settings(
    full=dict(dataset="fashion-mnist", minutes=10, latent_dim=64, width=64, batch_size=64, samples=10000),
    tiny=dict(dataset="digits", minutes=0.1, latent_dim=8, width=8, batch_size=64, samples=100),
)
x_train, _ = image_arrays(settings["dataset"], "train")
print(f"Keras {keras.__version__} on the {backend()} backend; train {x_train.shape}")

# %% [markdown]
# The training step: first the discriminator (real images up, generated ones down, the generated
# images cut from the generator's graph with `stop_gradient`), then the generator (its images
# scored as real: the non-saturating loss).

# %%
import inspect

from genlab.keras_track.models import DCGAN, TimeBudget

print(inspect.getsource(DCGAN.train_step))

# %%
import time

keras.utils.set_random_seed(0)
gan = DCGAN(x_train.shape[1:], latent_dim=settings["latent_dim"], width=settings["width"])
gan.compile()   # Adam 2e-4, beta1 0.5 for both networks
budget = TimeBudget(settings["minutes"])
start = time.perf_counter()
history = gan.fit(x_train, epochs=1000, batch_size=settings["batch_size"], verbose=0, callbacks=[budget])
print(f"{len(history.history['d_loss'])} epochs in {time.perf_counter() - start:.0f} s; "
      f"{gan.g_optimizer.iterations.numpy()} generator steps")

# %% [markdown]
# ## What to look at
#
# The two losses per epoch. Unlike a VAE's, they do not fall together: each network's loss is the
# other's progress. A discriminator loss near 0 with a rising generator loss means the
# discriminator has won and the generator's gradients are fading.

# %%
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(history.history["d_loss"], label="discriminator")
ax.plot(history.history["g_loss"], label="generator")
ax.set_xlabel("epoch")
ax.legend()
plt.show()

# %%
import torch

from genlab.api import Samples

Samples(torch.from_numpy(gan.sample(36, seed=0)).permute(0, 3, 1, 2), nrow=6)

# %% [markdown]
# The score: genlab's FID between the samples and the real test images (lower is better; the
# untrained generator of the `dcgan` lab scores about 480).

# %%
from genlab.keras_track.scoring import sample_quality

scores = sample_quality(gan.sample(settings["samples"], seed=1), settings["dataset"])
{k: round(v, 3) for k, v in scores.items()} or "no FID for 8x8 images (the tiny run)"

# %% [markdown]
# ## Experiments to try
#
# 1. **The EMA the PyTorch lab uses.** Keep a copy of the generator and after every step move its
#    weights 0.1% towards the trained ones (`keras.ops` on `gan.generator.weights`); sample from the
#    copy. genlab's `dcgan` gains several FID points from it.
# 2. **One optimizer for both** (the same `Adam` object passed twice): what breaks, and why does a
#    GAN want two?
# 3. **TensorFlow.** With `tensorflow-cpu` installed and `KERAS_BACKEND=tensorflow` set before
#    Keras is imported, the same file trains on TensorFlow.

# %% [markdown]
# ## What a good run reaches
#
# `python benchmarks/keras_track.py` trains this Keras DCGAN for 10 minutes on Fashion-MNIST:
# **FID {fig:keras_track:keras-dcgan.fid:.1f}** at {fig:keras_track:keras-dcgan.eval_samples:.0f}
# samples. genlab's PyTorch lab reaches FID {fig:images:dcgan.fid:.1f} in the same minutes
# (`python benchmarks/images.py`), with the EMA of its generator.

# %% [markdown]
# ## Questions
#
# 1. Why does the discriminator's step use `stop_gradient` on the generated images?
# 2. Why does `DCGAN` set `self.built = True` in its constructor?
# 3. Why is the generator's loss `softplus(-d(G(z)))` and not `-softplus(d(G(z)))`?
#
# <details><summary>Answers</summary>
#
# 1. The discriminator's loss should move only the discriminator. Without it, PyTorch would
#    also compute gradients for the generator's weights (wasted work), and the generator's
#    `.grad` would hold them until its own step resets them.
# 2. `fit` builds a model that is not built yet by calling it on a batch of the training data:
#    images. `DCGAN.call` takes latents, and both networks are already built from their
#    `keras.Input`s, so the model says so.
# 3. Minimising `-softplus(d)`, the negated discriminator loss, is the original minimax game,
#    whose gradient vanishes when the discriminator confidently rejects the fakes, early in
#    training. `softplus(-d)` is the non-saturating loss of Goodfellow et al. (2014): the same fixed
#    point, strong gradients exactly when the generator is losing.
#
# </details>
