"""The user's image and mask for the creative tools, in the model's shape.

An image is a file Pillow reads (resized and centre-cropped like a folder dataset, grey or RGB
as the model's channels), or ``test:K``: the K-th image of the run's own test split, for trying
a tool without files. A mask is a file (white = the region to fill, black = keep) or a preset:
``left``, ``right``, ``top``, ``bottom`` (that half) or ``centre`` (the middle square, half the
side).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from genlab.errors import ConfigError, DataError

PRESETS = ("left", "right", "top", "bottom", "centre")


def read_image(ref: str | Path, shape, test_images=None) -> torch.Tensor:
    """(C, H, W) in [0, 1]. ``test_images``: a callable giving the run's test images, for
    ``test:K``."""
    c, h, w = shape
    text = str(ref)
    if text.startswith("test:"):
        return _test_image(text, test_images)
    from genlab.data.folders import _read, _to_channels

    path = Path(text).expanduser()
    if not path.is_file():
        raise DataError(f"image {path} not found (give an image file, or test:K for the K-th test image)")
    rgb = _read(path, max(h, w))
    if rgb is None:
        raise DataError(f"{path}: not an image Pillow can read")
    return torch.from_numpy(_to_channels(rgb, c)).float().div(255)[:, :h, :w]


def _test_image(text: str, test_images) -> torch.Tensor:
    try:
        k = int(text.split(":", 1)[1])
    except ValueError:
        raise ConfigError(f"{text!r}: write test:K with a whole number K, e.g. test:0") from None
    images = test_images()
    if not 0 <= k < len(images):
        raise ConfigError(f"{text!r}: the run's test split has images 0..{len(images) - 1}")
    return images[k].float().div(255) if images.dtype == torch.uint8 else images[k].float()


def read_mask(ref: str | Path, shape) -> torch.Tensor:
    """(1, H, W) bool: True where the image is to be filled."""
    _, h, w = shape
    text = str(ref)
    if text in PRESETS or text == "center":
        return _preset(text, h, w)
    path = Path(text).expanduser()
    if not path.is_file():
        raise DataError(f"mask {path} not found (give a file, white = fill, or one of: {', '.join(PRESETS)})")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            grey = img.convert("L").resize((w, h), Image.Resampling.NEAREST)
    except (UnidentifiedImageError, OSError):
        raise DataError(f"{path}: not an image Pillow can read") from None
    fill = torch.from_numpy(np.asarray(grey) > 127)[None]
    if not fill.any():
        raise ConfigError(f"mask {path} is all black: nothing to fill (white marks the region to fill)")
    if fill.all():
        raise ConfigError(f"mask {path} is all white: nothing of the image is kept (use genlab sample)")
    return fill


def _preset(name: str, h: int, w: int) -> torch.Tensor:
    fill = torch.zeros(1, h, w, dtype=torch.bool)
    if name == "left":
        fill[..., : w // 2] = True
    elif name == "right":
        fill[..., w // 2:] = True
    elif name == "top":
        fill[:, : h // 2] = True
    elif name == "bottom":
        fill[:, h // 2:] = True
    else:
        fill[:, h // 4: h - h // 4, w // 4: w - w // 4] = True
    return fill
