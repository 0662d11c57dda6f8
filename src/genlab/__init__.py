"""genlab: the generative-AI roadmap, runnable.

The verbs of the CLI are functions here (see :mod:`genlab.api`)::

    import genlab
    run = genlab.train("vae", minutes=1, set={"model.latent_dim": 8})
    run.samples(16)

Importing the package is cheap on purpose: no torch, numpy or matplotlib until a function
needs them, so commands that do not train (roadmap, progress, help) start fast.
"""

__version__ = "0.1.0"

_API = ("train", "load", "runs", "sweep", "compare", "optimizers", "augment", "Run", "Samples",
        "Animation", "Sweep", "Comparison", "OptimizerLab")
__all__ = [*_API, "__version__"]


def __getattr__(name: str):
    # PEP 562: genlab.train etc. import genlab.api on first use only
    if name in _API:
        from genlab import api

        return getattr(api, name)
    raise AttributeError(f"module 'genlab' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_API])
