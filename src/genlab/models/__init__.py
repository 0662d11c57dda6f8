"""The models of the labs, one readable file each, all trained by :mod:`genlab.training`.

The registry maps a model name to ``module:Class`` and is read without importing torch.
"""

from __future__ import annotations

import importlib

from genlab.errors import unknown

MODELS: dict[str, str] = {
    "vae": "genlab.models.vae:VAE",
    "gpt": "genlab.models.gpt:GPT",
    "char-rnn": "genlab.models.char_rnn:CharRNN",
    "word2vec": "genlab.models.word2vec:Word2Vec",
    "seq2seq": "genlab.models.seq2seq:Seq2Seq",
    "classifier": "genlab.models.classifier:Classifier",
    "autoencoder": "genlab.models.autoencoder:Autoencoder",
    "cvae": "genlab.models.cvae:CVAE",
    "dcgan": "genlab.models.dcgan:DCGAN",
    "wgan": "genlab.models.wgan:WGAN",
    "cgan": "genlab.models.cgan:CGAN",
    "diffusion": "genlab.models.diffusion:Diffusion",
    "flow-matching": "genlab.models.flow_matching:FlowMatching",
    "pixelcnn": "genlab.models.pixelcnn:PixelCNN",
    "realnvp": "genlab.models.realnvp:RealNVP",
    "vqvae": "genlab.models.vqvae:VQVAE",
    "convlstm": "genlab.models.convlstm:ConvLSTM",
    "simvp": "genlab.models.simvp:SimVP",
    "svg": "genlab.models.svg:SVG",
}


def model_class(name: str):
    """The class of a registered model, or of your own model named ``package.module:Class``
    (a subclass of :class:`genlab.models.base.Model`)."""
    if name in MODELS:
        module, cls = MODELS[name].split(":")
        return getattr(importlib.import_module(module), cls)
    if ":" in name:
        return _import_own_model(name)
    raise unknown("model", name, MODELS)


def _import_own_model(path: str):
    from genlab.errors import ConfigError
    from genlab.models.base import Model

    module, _, cls = path.partition(":")
    try:
        found = getattr(importlib.import_module(module), cls)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"cannot import model {path!r}: {exc}") from None
    if not (isinstance(found, type) and issubclass(found, Model)):
        raise ConfigError(f"{path!r} is not a subclass of genlab.models.base.Model")
    return found


def models_with(capability: type) -> list[str]:
    """Names of the registered models that have ``capability`` (imports every model: torch)."""
    return [name for name in MODELS if issubclass(model_class(name), capability)]
