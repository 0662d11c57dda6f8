"""The models of the labs, one readable file each, all trained by :mod:`genlab.training`.

The registry maps a model name to ``module:Class`` and is read without importing torch.
"""

from __future__ import annotations

import importlib

from genlab.errors import unknown

MODELS: dict[str, str] = {
    "vae": "genlab.models.vae:VAE",
}


def model_class(name: str):
    if name not in MODELS:
        raise unknown("model", name, MODELS)
    module, cls = MODELS[name].split(":")
    return getattr(importlib.import_module(module), cls)
