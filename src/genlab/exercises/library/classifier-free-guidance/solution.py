"""Image generation: classifier-free guidance (Ho & Salimans 2022).

To make a conditional diffusion model draw *more typical* images of a class, guide its noise
prediction away from what it would predict without the class. No separate classifier is
needed: drop the label (replace it by a "null" label) for a share p of the training examples,
so one network learns both eps(x, t, y) and eps(x, t); at sampling time extrapolate,

    eps = eps(x, t) + w (eps(x, t, y) - eps(x, t)),

with w > 1 trading variety for class fidelity. genlab's diffusion and cvae labs do this
(`model.p_uncond`, `model.guidance`, `genlab sample RUN --guidance 3`).

Check your work with:  genlab check classifier-free-guidance
"""

import torch


def drop_labels(labels, p, null_label, generator=None):
    """A copy of ``labels`` with each replaced by ``null_label`` where torch.rand(labels.shape,
    generator=generator) < p."""
    drop = torch.rand(labels.shape, generator=generator) < p
    return torch.where(drop, torch.full_like(labels, null_label), labels)


def guided_noise(model, x, t, labels, null_label, w):
    """The guided noise prediction for images ``x`` at steps ``t`` and classes ``labels``;
    ``model(x, t, labels)`` predicts noise. One call of the model for both predictions."""
    null = torch.full_like(labels, null_label)
    cond, uncond = model(torch.cat([x, x]), torch.cat([t, t]), torch.cat([labels, null])).chunk(2)
    return uncond + w * (cond - uncond)
