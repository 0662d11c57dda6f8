"""The Keras track: genlab's VAE and DCGAN labs written again with Keras 3, for learners who
will meet Keras or TensorFlow at work (the roadmap's "TensorFlow or PyTorch").

Keras 3 runs on several backends. genlab picks the **PyTorch** backend (``KERAS_BACKEND=torch``)
unless you chose one before importing it, so no TensorFlow install is needed; with
``tensorflow-cpu`` installed, ``KERAS_BACKEND=tensorflow`` runs the same models on TensorFlow.

- :mod:`genlab.keras_track.models`: the models, written with ``keras.layers``, each with a custom
  ``train_step`` and trained by ``model.fit``;
- :mod:`genlab.keras_track.data`: the same in-memory data genlab's labs train on, as arrays;
- :mod:`genlab.keras_track.scoring`: the same metrics genlab reports (FID on genlab's classifier).

The guides ``keras-vae`` and ``keras-dcgan`` (``genlab notebook keras-vae``) walk through them;
``benchmarks/keras_track.py`` puts their figures beside the PyTorch labs'.
"""

from __future__ import annotations

import os

from genlab.errors import ConfigError


def import_keras():
    """``keras``, on the PyTorch backend unless ``KERAS_BACKEND`` says otherwise."""
    os.environ.setdefault("KERAS_BACKEND", "torch")
    try:
        import keras
    except ImportError:
        raise ConfigError("the Keras track needs Keras 3: pip install 'genlab[keras]'") from None
    if int(keras.__version__.split(".")[0]) < 3:
        raise ConfigError(f"the Keras track needs Keras 3, found {keras.__version__}: pip install -U keras")
    return keras


def backend() -> str:
    """The backend Keras runs on: torch, tensorflow or jax."""
    return import_keras().backend.backend()
