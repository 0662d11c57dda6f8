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
    # a long single row (an inpainting grid) is scaled until its short side is visible too
    scale = max(1, math.ceil(min_size / max(img.size)), math.ceil(min_size / 4 / min(img.size)))
    if scale > 1:
        img = img.resize((img.width * scale, img.height * scale), Image.NEAREST)
    return save_png(img, path, **provenance)


def save_gif(frames, path: Path, nrow: int | None = None, frame_ms: int = 120, min_size: int = 280,
             **provenance) -> Path:
    """Save an animation: each frame a batch (N, C, H, W) tiled as a grid, or one image (C, H, W),
    in [0, 1]. The last frame is held longer. GIF has no place for the record, so its provenance
    goes to the sidecar ``<file>.provenance.json`` (see :mod:`genlab.responsible.provenance`)."""
    from PIL import Image

    from genlab.fileio import atomic_path
    from genlab.responsible.provenance import stamp

    arrays = [grid_array(f if f.dim() == 4 else f[None], nrow if f.dim() == 4 else 1, pad=2 if f.dim() == 4 else 0)
              for f in frames]
    images = [Image.fromarray(a).convert("RGB") for a in arrays]
    scale = max(1, math.ceil(min_size / max(images[0].size)))
    if scale > 1:
        images = [im.resize((im.width * scale, im.height * scale), Image.NEAREST) for im in images]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    durations = [frame_ms] * (len(images) - 1) + [frame_ms * 8]
    with atomic_path(path) as tmp:
        images[0].save(tmp, format="GIF", save_all=True, append_images=images[1:], duration=durations, loop=0)
    stamp(path, **provenance)
    return path
