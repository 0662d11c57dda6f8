"""Image grids written with Pillow (no torchvision): a batch of images becomes one PNG."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np


def grid_array(images, nrow: int | None = None, pad: int = 2) -> np.ndarray:
    """Tile images (N, C, H, W) with values in [0, 1] into one uint8 array (H', W') or (H', W', 3)."""
    arr = images.detach().float().cpu().numpy() if hasattr(images, "detach") else np.asarray(images)
    n, c, h, w = arr.shape
    nrow = nrow or math.ceil(math.sqrt(n))
    rows = math.ceil(n / nrow)
    canvas = np.ones((c, rows * (h + pad) + pad, nrow * (w + pad) + pad), dtype=np.float32)
    for i in range(n):
        r, col = divmod(i, nrow)
        top, left = pad + r * (h + pad), pad + col * (w + pad)
        canvas[:, top:top + h, left:left + w] = arr[i]
    canvas = (np.clip(canvas, 0, 1) * 255).round().astype(np.uint8)
    return canvas[0] if c == 1 else canvas.transpose(1, 2, 0)


def save_grid(images, path: Path, nrow: int | None = None, min_size: int = 280, **provenance) -> Path:
    """Save a grid PNG, scaled up by a whole factor so small images stay visible. The PNG records
    its provenance (see :mod:`genlab.responsible.provenance`): ``provenance`` adds fields to it
    (e.g. ``step``, ``seed``)."""
    from PIL import Image

    from genlab.responsible.provenance import save_png

    array = grid_array(images, nrow)
    img = Image.fromarray(array)
    scale = max(1, math.ceil(min_size / max(img.size)))
    if scale > 1:
        img = img.resize((img.width * scale, img.height * scale), Image.NEAREST)
    return save_png(img, path, **provenance)
