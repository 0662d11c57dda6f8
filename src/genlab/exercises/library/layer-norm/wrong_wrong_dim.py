# Plausible mistake: normalises over the first dimension (the batch) instead of the last
"""Deep learning: layer normalisation.

Layer norm rescales every feature vector to mean 0 and variance 1 before a learned scale and
shift. Unlike batch norm it does not depend on the other samples in the batch, which is why
transformers use it.

Check your work with:  genlab check layer-norm
"""

import torch


def layer_norm(x, weight, bias, eps=1e-5):
    """Layer normalisation over the last dimension of ``x`` (shape (..., D)).

        y = (x - mean) / sqrt(var + eps) * weight + bias

    where mean and var are taken over the last dimension, var being the biased variance
    (dividing by D). ``weight`` and ``bias`` have shape (D,). The same as
    ``torch.nn.functional.layer_norm(x, (D,), weight, bias, eps)``, which you may not call.
    """
    mean = x.mean(dim=0, keepdim=True)
    var = x.var(dim=0, correction=0, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * weight + bias
