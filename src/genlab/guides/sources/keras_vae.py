# %% [markdown]
# # The VAE in Keras 3
#
# *Roadmap milestones 6 and 7, the topic area "open-source libraries: TensorFlow, PyTorch, Keras".
# About 30 minutes; the run takes about a minute on a 2-core laptop CPU.*
#
# The roadmap says "TensorFlow or PyTorch". genlab's labs are PyTorch; many teams and courses
# use Keras, whose version 3 runs on several backends: TensorFlow, JAX and **PyTorch**. This guide
# writes the variational autoencoder of the `vae` lab again with Keras, on the PyTorch backend
# (no TensorFlow install needed), trains it with `model.fit` on the same Fashion-MNIST arrays and
# scores it with the same measure, so the two libraries can be compared on one line.
#
# What stays the same: the model (an MLP 784-400-20 with a Bernoulli decoder), the objective
# (the negative ELBO in nats per image), the data. What changes: layers come from `keras.layers`,
# maths from `keras.ops` (backend-neutral functions), and the training loop belongs to `fit`.
# Read the `vae` guide first if the ELBO is new to you.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/keras_track/models.py`: `VAE`, a `keras.Model` subclass. `terms` computes the
#   reconstruction and KL terms with one reparameterized draw; `train_step` is the custom step that
#   `fit` calls for every batch; `test_step` is what `evaluate` calls.
# - `loss_and_gradients` in the same file: the one place where backends differ (PyTorch's
#   `backward()` against TensorFlow's `GradientTape`).
# - `src/genlab/keras_track/data.py`: genlab's images as channels-last float arrays.
# - Compare with `src/genlab/models/vae.py`, the PyTorch lab: same maths, a different home for the
#   training loop (genlab's one trainer against Keras's `fit`).

# %% [markdown]
# ## Train it
#
# The laptop run trains 10 epochs on Fashion-MNIST, like the `vae` recipe. With
# `GENLAB_GUIDE_TINY=1` (how the test build runs every guide) it is 2 epochs of a tiny VAE on
# scikit-learn's 8x8 digits: the figures are then nowhere near the reference, which is expected.

# %%
from genlab.guides import is_tiny, lab_settings
from genlab.keras_track import backend, import_keras
from genlab.keras_track.data import image_arrays

keras = import_keras()   # the PyTorch backend unless KERAS_BACKEND was set before
settings = lab_settings(
    full=dict(dataset="fashion-mnist", epochs=10, hidden=400, latent_dim=20, batch_size=128),
    tiny=dict(dataset="digits", epochs=2, hidden=16, latent_dim=2, batch_size=64),
)
x_train, _ = image_arrays(settings["dataset"], "train")
x_test, _ = image_arrays(settings["dataset"], "test")
print(f"Keras {keras.__version__} on the {backend()} backend; train {x_train.shape}, test {x_test.shape}")

# %% [markdown]
# The custom training step. `fit` hands it one batch; it computes the negative ELBO, asks the
# backend for the gradients, lets the optimizer apply them, and returns the numbers the progress
# bar and the history show.

# %%
import inspect

from genlab.keras_track.models import VAE

print(inspect.getsource(VAE.train_step))

# %%
import time

keras.utils.set_random_seed(0)
vae = VAE(x_train.shape[1:], hidden=settings["hidden"], latent_dim=settings["latent_dim"])
vae.compile(optimizer=keras.optimizers.Adam(1e-3))
start = time.perf_counter()
history = vae.fit(x_train, epochs=settings["epochs"], batch_size=settings["batch_size"],
                  validation_data=(x_test,), verbose=0)
seconds = time.perf_counter() - start
test = vae.evaluate(x_test, batch_size=1000, verbose=0, return_dict=True)
print(f"trained in {seconds:.1f} s; test -ELBO {test['loss']:.2f} nats "
      f"(recon {test['recon']:.2f} + KL {test['kl']:.2f})")

# %% [markdown]
# ## What to look at
#
# `fit` returns a `History`: one value per epoch for every metric `train_step` returned, and
# the `val_` ones from `test_step` on the validation data. The same curves genlab's report draws.

# %%
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(history.history["loss"], label="train -ELBO")
ax.plot(history.history["val_loss"], label="test -ELBO")
ax.set_xlabel("epoch")
ax.set_ylabel("nats per image")
ax.legend()
plt.show()

# %% [markdown]
# Samples from the prior, drawn with the decoder: as blurry as the PyTorch lab's, for the same
# reason (the Bernoulli decoder's mean averages what the code leaves uncertain). genlab's
# `Samples` shows them as a grid.

# %%
import torch

from genlab.api import Samples

images = vae.sample(36, seed=0)
Samples(torch.from_numpy(images).permute(0, 3, 1, 2), nrow=6)

# %% [markdown]
# The same model in PyTorch, from genlab, on the same data for the same epochs: the two numbers
# should be close (different initialisations and random draws, the same model and objective).

# %%
import genlab

torch_settings = dict(dataset="digits", steps=2 * len(x_train) // 64,
                      set={"model.hidden_dim": 16, "model.latent_dim": 2, "model.eval_iw_samples": 2}) \
    if is_tiny() else dict(epochs=10)
torch_run = genlab.train("vae", quiet=True, **torch_settings)
print(f"test -ELBO: Keras {test['loss']:.2f} nats, genlab (PyTorch) {torch_run.metrics['test/nelbo']:.2f} nats")

# %% [markdown]
# ## Experiments to try
#
# 1. **Another backend.** With `pip install tensorflow-cpu`, restart the kernel, run
#    `import os; os.environ["KERAS_BACKEND"] = "tensorflow"` before anything else, and run the
#    guide again: the same model code, another engine; `loss_and_gradients` takes the
#    `GradientTape` branch.
# 2. **The built-in loop instead of `train_step`.** Move the KL into a layer with `self.add_loss`
#    and compile with a reconstruction loss: `fit` then needs no custom step. Which version makes
#    the ELBO easier to read?
# 3. **A 2-D latent space** (`latent_dim=2`): plot `vae.encoder.predict(x_test)[:, :2]` coloured
#    by the labels, as the `vae-2d` recipe of the PyTorch lab does.

# %% [markdown]
# ## What a good run reaches
#
# `python benchmarks/keras_track.py` trains this Keras VAE for the `vae` recipe's 10 epochs on
# Fashion-MNIST: a **test negative ELBO of {fig:keras_track:keras-vae.test_nelbo:.2f} nats** in
# {fig:keras_track:keras-vae.train_s:.1f} s of training. genlab's PyTorch lab reaches
# {fig:vae:test_nelbo:.2f} nats in {fig:vae:wall_s:.1f} s (`python benchmarks/vae.py`, start-up and
# evaluation included).

# %% [markdown]
# ## Questions
#
# 1. Why does `train_step` set every gradient to `None` before `backward()` on the PyTorch backend?
# 2. What does `keras.ops` give that calling `torch` functions directly would not?
# 3. `fit` shuffles, batches, loops over epochs and reports progress: which of genlab's modules
#    does that for the PyTorch labs?
#
# <details><summary>Answers</summary>
#
# 1. PyTorch adds each `backward()`'s gradients to what is already in `.grad`; without a reset,
#    every step would apply the sum of all earlier gradients. TensorFlow's tape returns fresh
#    gradients each time, so that branch needs no reset.
# 2. Backend neutrality: `keras.ops.exp` runs on whichever backend Keras uses, so the same model
#    file runs on TensorFlow, JAX or PyTorch. A `torch.exp` would tie it to PyTorch.
# 3. genlab's one trainer, `src/genlab/training/trainer.py`, with the data layer's batches
#    (`src/genlab/data/batches.py`): it also owns checkpoints, resuming, precision and DDP.
#
# </details>
