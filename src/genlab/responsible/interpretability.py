"""Interpretability: what each latent dimension does, and which pixels decided a classification.

- Latent traversals: hold one latent code fixed and move a single dimension from -3 to +3 prior
  standard deviations; each row of the grid is one dimension. For models with an encoder the rows
  are sorted by *activity*, the variance over test images of the encoder's mean in that
  dimension (Burda et al. 2016 call a unit active above 0.01): an inactive dimension changes
  nothing, the posterior collapsed there.
- Attributions: integrated gradients (Sundararajan et al. 2017) of the feature classifier's
  predicted class on generated samples, through Captum: the pixels whose change moved the
  decision most. A classifier that "sees" a sandal by its background is caught here.
"""

from __future__ import annotations

import torch


@torch.no_grad()
def latent_activity(model, images: torch.Tensor, labels: torch.Tensor | None) -> torch.Tensor | None:
    """Variance over ``images`` of the posterior mean code, per dimension; None for models without
    a posterior q(z|x) (no encoder, or a deterministic one like the autoencoder's)."""
    encode = getattr(model, "encode", None)
    if encode is None:
        return None
    x = images.to(model.device)
    out = encode(x, labels.to(model.device)) if model.conditional else encode(x)
    if not isinstance(out, tuple):      # a plain code, not (mean, log-variance)
        return None
    return out[0].float().var(0).cpu()


@torch.no_grad()
def latent_traversals(model, activity: torch.Tensor | None, rows: int = 10, steps: int = 11,
                      seed: int = 0) -> tuple[torch.Tensor, list[int]] | None:
    """(images, the dimension of each row), or None when the latents are not a flat vector."""
    z0 = model.draw_latents(1, torch.Generator().manual_seed(seed))
    if z0.dim() != 2:          # e.g. diffusion: the latent is a noise image, no dimensions to walk
        return None
    dims = list(range(z0.shape[1]))
    if activity is not None:
        dims = activity.argsort(descending=True).tolist()
    dims = dims[:rows]
    values = torch.linspace(-3, 3, steps)
    z = z0.repeat(len(dims) * steps, 1)
    for r, d in enumerate(dims):
        z[r * steps:(r + 1) * steps, d] = values
    labels = torch.zeros(len(z), dtype=torch.long, device=model.device) if model.conditional else None
    return model.decode_latents(z.to(model.device), labels).float().clamp(0, 1).cpu(), dims


def attributions(classifier, images: torch.Tensor, steps: int = 32) -> tuple[torch.Tensor, torch.Tensor]:
    """(integrated-gradients maps in [0, 1] of the predicted class, predicted classes), from a
    black baseline, with Captum."""
    from captum.attr import IntegratedGradients

    device = next(classifier.parameters()).device
    x = images.to(device).float()
    with torch.no_grad():
        target = classifier(x).argmax(1)
    ig = IntegratedGradients(classifier)
    attr = ig.attribute(x, baselines=torch.zeros_like(x), target=target, n_steps=steps)
    maps = attr.clamp_min(0).sum(1, keepdim=True)
    maps = maps / maps.flatten(1).amax(1).clamp_min(1e-12).view(-1, 1, 1, 1)
    return maps.detach().cpu(), target.cpu()
