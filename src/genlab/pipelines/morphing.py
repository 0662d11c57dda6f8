"""Animations of a trained generator: a morph between two classes, and a tour of a 2-D latent plane.

A *class morph* keeps the style and moves the class. A conditional generator gets its class as
an embedding (cgan, diffusion) or a one-hot vector (cvae); between class a and class b lies the
weighted mean of the two, (1 - s) e_a + s e_b, a point the model never saw in training but which
it decodes to a blend (see :func:`genlab.models.capabilities.embed_labels`). The noise is
interpolated too (spherically, so it stays a typical Gaussian draw), from one style to another,
so each row of the animation is one continuous walk.

A *latent map* is for a VAE with a 2-D latent space: every image it can make sits somewhere on
the plane. Each frame shows the decoded grid over the plane with a marker at the current point,
beside the image decoded there, while the point circles the origin at growing radii.
"""

from __future__ import annotations

import math

import torch

from genlab.errors import ConfigError
from genlab.models.capabilities import slerp


@torch.no_grad()
def class_morph(model, a: int, b: int, frames: int = 24, rows: int = 4,
                generator: torch.Generator | None = None) -> list[torch.Tensor]:
    """``frames`` batches of ``rows`` images: class ``a`` at the first frame, ``b`` at the last."""
    k = model.data_info.num_classes
    model.check_labels(torch.tensor([a, b]))
    if not 2 <= frames <= 120:
        raise ConfigError(f"frames must be in 2..120, got {frames}")
    ends = model.draw_latents(2 * rows, generator)
    za, zb = ends[:rows], ends[rows:]
    out = []
    for s in torch.linspace(0, 1, frames).tolist():
        soft = torch.zeros(rows, k + 1)
        soft[:, a] += 1 - s
        soft[:, b] += s
        z = slerp(za, zb, s).to(model.device)
        frame_gen = torch.Generator().manual_seed(0)  # a stochastic sampler draws alike every frame
        out.append(model.decode_latents(z, soft.to(model.device), generator=frame_gen).float().clamp(0, 1).cpu())
    return out


@torch.no_grad()
def latent_map(model, frames: int = 48, grid: int = 15, radius: float = 2.5) -> list[torch.Tensor]:
    """Frames (C, H', W') in [0, 1]: the decoded plane with a marker, and the image at the marker."""
    if getattr(model.config, "latent_dim", None) != 2:
        raise ConfigError("a latent map needs a VAE with a 2-D latent space (genlab train vae-2d)")
    if not 2 <= frames <= 240:
        raise ConfigError(f"frames must be in 2..240, got {frames}")
    values = torch.linspace(-radius, radius, grid)
    ys, xs = torch.meshgrid(values.flip(0), values, indexing="ij")
    tiles = model.decode_latents(torch.stack([xs, ys], -1).reshape(-1, 2).to(model.device)).clamp(0, 1).cpu()
    c, h, w = tiles.shape[1:]
    plane = tiles.view(grid, grid, c, h, w).permute(2, 0, 3, 1, 4).reshape(c, grid * h, grid * w)
    out = []
    for i in range(frames):
        angle = 2 * math.pi * 2 * i / frames  # two turns, spiralling out
        r = radius * (0.15 + 0.8 * i / max(frames - 1, 1))
        point = torch.tensor([[r * math.cos(angle), r * math.sin(angle)]])
        image = model.decode_latents(point.to(model.device)).clamp(0, 1).cpu()[0]
        out.append(_side_by_side(_marked(plane, point[0], radius), image, grid * h))
    return out


def _marked(plane: torch.Tensor, point: torch.Tensor, radius: float) -> torch.Tensor:
    """The plane in colour with a red square at ``point``."""
    rgb = plane.expand(3, -1, -1).clone() if plane.shape[0] == 1 else plane.clone()
    size = rgb.shape[1]
    col = int((point[0] + radius) / (2 * radius) * (size - 1))
    row = int((radius - point[1]) / (2 * radius) * (size - 1))
    r0, c0 = max(0, row - 3), max(0, col - 3)
    rgb[:, r0:row + 4, c0:col + 4] = torch.tensor([1.0, 0.1, 0.1])[:, None, None]
    return rgb


def _side_by_side(plane: torch.Tensor, image: torch.Tensor, side: int) -> torch.Tensor:
    big = torch.nn.functional.interpolate(image[None], size=(side, side), mode="nearest")[0]
    big = big.expand(3, -1, -1) if big.shape[0] == 1 else big
    gap = torch.ones(3, side, 8)
    return torch.cat([plane, gap, big], 2)
