"""genlab's image data as the arrays Keras expects: channels last, float32 in [0, 1].

The images come from genlab's own data layer (:func:`genlab.data.images.load_images`), so the
Keras models train on exactly what the PyTorch labs train on, with the same splits.
"""

from __future__ import annotations

import numpy as np


def image_arrays(dataset: str = "fashion-mnist", split: str = "train", limit: int | None = None,
                 data_dir=None) -> tuple[np.ndarray, np.ndarray]:
    """(images (N, H, W, C) float32 in [0, 1], labels (N,) int64) of one split."""
    from genlab.data.images import load_images

    data = load_images(dataset, split, data_dir=data_dir, download=False, limit=limit)
    images = data.images.permute(0, 2, 3, 1).numpy().astype(np.float32) / 255.0
    return images, data.labels.numpy().astype(np.int64)
